// Export a session: the JSON download holds { session, turns } from the local record; the Markdown
// download is a readable transcript headed by each turn's interaction id.
import { readFile } from "node:fs/promises";
import { expect, test } from "./support/fixtures";
import { Playground } from "./support/playground";

test("a session exports as JSON and as Markdown", async ({ page }) => {
  const pg = new Playground(page);
  await pg.goto();
  const prompt = "Name three primary colours.";
  await pg.ask(prompt);
  await pg.expectStatus(1, "completed");
  await expect(page).toHaveURL(/\/sessions\/[^/]+$/);
  const sessionId = decodeURIComponent(new URL(page.url()).pathname.split("/").pop()!);

  // The turn's interaction id, as the Inspector shows it.
  await pg.turn(1).getByRole("button", { name: "Inspect" }).click();
  const dialog = page.getByRole("dialog", { name: "Inspector" });
  const interactionId = (await dialog.getByText(/^int_/).first().innerText()).trim();
  expect(interactionId).toMatch(/^int_/);
  await dialog.getByRole("button", { name: "Close inspector" }).click();

  const exportJson = page.getByRole("button", { name: "Export session", exact: true });
  await expect(exportJson).toBeEnabled();
  const [json] = await Promise.all([page.waitForEvent("download"), exportJson.click()]);
  expect(json.suggestedFilename()).toBe(`session-${sessionId}.json`);
  const data = JSON.parse(await readFile(await json.path(), "utf8")) as {
    session: { id: string };
    turns: { interaction_id: string; status: string; request: { input?: unknown } }[];
  };
  expect(data.session.id).toBe(sessionId);
  expect(data.turns).toHaveLength(1);
  expect(data.turns[0]!.interaction_id).toBe(interactionId);
  expect(data.turns[0]!.status).toBe("completed");
  expect(JSON.stringify(data.turns[0]!.request.input)).toContain(prompt);

  const [md] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Export as Markdown", exact: true }).click()]);
  expect(md.suggestedFilename()).toBe(`session-${sessionId}.md`);
  const text = await readFile(await md.path(), "utf8");
  expect(text).toContain(`## Turn 1 — \`${interactionId}\``);
  expect(text).toContain("- Status: completed");
  expect(text).toContain(`**User:**\n\n${prompt}`);
  expect(text).toContain("**Model:**");
});
