// A custom agent built in the configurator (with an inline AGENTS.md), saved through POST /agents,
// listed, chosen and run on the local engine, where its code really runs in the sandbox; then the
// environment browser of that turn shows the new file, downloads it, takes an upload, and after a
// second turn that changes the file, diffs the two turns. Screenshots in
// test-results/screenshots/agent-*.png.
import { readFile } from "node:fs/promises";
import { expect, test } from "./support/fixtures";
import { Playground } from "./support/playground";
import { SHOTS } from "./support/screens";
import { agentTask, openAgentFiles, openConfigurator } from "./support/agents";

const RULES = "# House rules\nKeep running notes in notes.txt.";

test("a custom agent is built, saved, chosen and run; the environment browser shows, downloads and diffs its files", async ({ page }) => {
  test.slow(); // two sandboxed agent runs and a production build's first Monaco-free loads on a busy box
  const id = `notes-${Date.now().toString(36)}`;
  await openConfigurator(page);

  // The catalog lists the engine's built-ins (GET /agents through the proxy).
  const catalog = page.getByRole("list", { name: "Agent catalog" });
  await expect(catalog.getByRole("listitem", { name: "local-sim-agent", exact: true })).toContainText("built-in");

  // Build: id, description, an inline AGENTS.md, a tool.
  await page.getByRole("textbox", { name: "Agent id" }).fill(id);
  await page.getByRole("textbox", { name: "Agent description" }).fill("Keeps notes");
  await page.getByRole("button", { name: "Add file" }).click();
  await expect(page.getByRole("textbox", { name: "File 1 path" })).toHaveValue("AGENTS.md");
  await page.getByRole("textbox", { name: "File 1 content" }).fill(RULES);
  await page.getByRole("checkbox", { name: "Agent tool code_execution" }).check({ force: true });
  await page.getByText("The POST /agents body").click();
  await expect(page.getByRole("region", { name: "Build a custom agent" })).toContainText('"target": "AGENTS.md"');
  await page.getByRole("button", { name: "Save agent" }).click();
  await expect(page.getByRole("status").filter({ hasText: `Saved agent ${id}.` })).toBeVisible();
  const saved = catalog.getByRole("listitem", { name: id, exact: true });
  await expect(saved).toContainText("custom");
  await expect(saved).toContainText("on local-sim-agent");

  // Choose it for the session, with an antigravity agent_config (max_total_tokens: an int64 as a string).
  await saved.getByRole("button", { name: `Use ${id}` }).click();
  await expect(page.getByText(`The session runs agent ${id}.`)).toBeVisible();
  await page.getByRole("checkbox", { name: "Session agent_config" }).check({ force: true });
  await page.getByRole("combobox", { name: "Session agent_config type" }).selectOption("antigravity");
  await page.getByRole("textbox", { name: "Max total tokens" }).fill("250000");
  await expect(page.getByRole("region", { name: "What every turn sends" })).toContainText('"max_total_tokens": "250000"');
  await page.getByRole("region", { name: "Agent", exact: true }).scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SHOTS}/agent-builder.png`, fullPage: true });

  await page.getByRole("link", { name: "Back to a session" }).click();
  const pg = new Playground(page);
  await expect(pg.prompt).toBeEditable();

  // Turn 1: the agent reads AGENTS.md from its base environment and writes notes.txt.
  await pg.ask(agentTask("head -1 AGENTS.md > notes.txt", "echo 'turn one' >> notes.txt", "cat notes.txt"));
  await pg.expectStatus(1, "completed", 60_000);
  await expect(pg.turn(1)).toContainText(`agent ${id}`);
  await expect(pg.turn(1).getByRole("region", { name: "Code execution result" }).first()).toContainText("# House rules\nturn one");

  const env1 = await openAgentFiles(page, 1);
  await expect(env1.getByRole("treeitem", { name: "AGENTS.md" })).toBeVisible();
  await env1.getByRole("treeitem", { name: "notes.txt" }).click();
  const viewer = env1.getByRole("region", { name: "Viewer notes.txt" });
  await expect(viewer).toContainText("turn one");
  const [download] = await Promise.all([page.waitForEvent("download"), viewer.getByRole("button", { name: "Download notes.txt" }).click()]);
  expect(download.suggestedFilename()).toBe("notes.txt");
  expect(await readFile((await download.path())!, "utf8")).toBe("# House rules\nturn one\n");

  // Upload through the SDK's resumable protocol (via the proxy); the new file shows up.
  await env1.getByLabel("Choose files to upload").setInputFiles({ name: "data.bin", mimeType: "application/octet-stream", buffer: Buffer.from([0, 1, 2, 250, 0x41]) });
  await expect(env1.getByRole("status").filter({ hasText: "Uploaded data.bin." })).toBeVisible();
  await env1.getByRole("button", { name: "data.bin" }).click();
  await expect(env1.getByRole("region", { name: "Viewer data.bin" }).getByLabel("Hex preview")).toContainText("00 01 02 fa 41");
  await page.screenshot({ path: `${SHOTS}/agent-environment-files.png` });
  await env1.getByRole("button", { name: "Close environment" }).click();
  await expect(env1).toHaveCount(0);

  // Turn 2 (chained: the same environment) changes notes.txt.
  await pg.ask(agentTask("echo 'turn two' >> notes.txt", "wc -l notes.txt"));
  await pg.expectStatus(2, "completed", 60_000);
  const env2 = await openAgentFiles(page, 2);
  await env2.getByRole("tab", { name: "Compare turns" }).click();
  await expect(env2.getByRole("combobox", { name: "Compare with" })).toContainText("Turn 1");
  const changed = env2.getByRole("list", { name: "Changed files" });
  await expect(changed.getByRole("listitem", { name: "notes.txt" })).toContainText("changed");
  await expect(changed.getByRole("listitem", { name: "data.bin" })).toContainText("added");
  await changed.getByRole("button", { name: "Show diff of notes.txt" }).click();
  const diff = env2.getByRole("region", { name: "Diff of notes.txt" });
  await expect(diff).toContainText("added: turn two");
  await expect(diff).not.toContainText("removed:");
  await page.screenshot({ path: `${SHOTS}/agent-environment-diff.png` });

  // 390 px: the dialog fits.
  await page.setViewportSize({ width: 390, height: 844 });
  await expect(diff).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await page.screenshot({ path: `${SHOTS}/agent-environment-390.png` });
});

test("the agent section and builder work at 390 px", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await openConfigurator(page);
  await page.getByRole("button", { name: "Add file" }).click();
  await page.getByRole("checkbox", { name: "Builder agent_config" }).check({ force: true });
  await page.getByRole("combobox", { name: "Builder agent_config type" }).selectOption("antigravity");
  await page.getByRole("textbox", { name: "Max total tokens" }).fill("12.5");
  await expect(page.getByRole("region", { name: "Build a custom agent" }).getByRole("alert")).toHaveText("max_total_tokens must be a whole number");
  await expect(page.getByRole("button", { name: "Save agent" })).toBeDisabled();
  await page.getByRole("region", { name: "Build a custom agent" }).scrollIntoViewIfNeeded();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await page.screenshot({ path: `${SHOTS}/agent-builder-390.png`, fullPage: true });
});
