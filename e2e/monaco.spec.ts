// Monaco comes from the installed package: it renders, its JSON worker runs, and no request leaves
// loopback (the `blockedRequests` fixture aborts and fails on any).
import { expect, test } from "./support/fixtures";
import { Playground } from "./support/playground";

test("the Tools JSON editor loads Monaco offline, with its JSON worker", async ({ page }) => {
  const pg = new Playground(page);
  const workers: string[] = [];
  page.on("worker", (w) => workers.push(w.url()));
  await pg.goto();
  // Not before it is needed: the Tools box sits below the fold of the settings panel.
  await expect(page.getByRole("status", { name: /^Tools JSON:/ })).toBeAttached();
  await expect(page.locator(".monaco-editor")).toHaveCount(0);
  expect(workers).toHaveLength(0);
  const editor = await pg.toolsEditor();
  await expect(editor.locator("xpath=ancestor::div[contains(concat(' ', normalize-space(@class), ' '), ' monaco-editor ')][1]")).toBeVisible();

  // Invalid JSON gets a diagnostic from the JSON worker (proves the worker loaded locally).
  await pg.setToolsJson('[{"type": "function", "name": }]');
  await expect(page.locator(".monaco-editor .squiggly-error").first()).toBeAttached({ timeout: 15_000 });
  expect(workers.length).toBeGreaterThan(0);
  for (const w of workers) expect(new URL(w).hostname).toBe("127.0.0.1");

  // Valid JSON: the diagnostic goes away.
  await pg.setToolsJson('[{"type": "function", "name": "noop"}]');
  await expect(page.locator(".monaco-editor .squiggly-error")).toHaveCount(0, { timeout: 15_000 });
});
