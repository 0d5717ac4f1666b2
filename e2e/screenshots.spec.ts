// Screenshots of the main views (light and dark at 1280 px, phone at 390 px), kept as artifacts
// under test-results/screenshots/. Each one also checks what it shows.
import { SHOTS } from "./support/screens";
import { expect, test } from "./support/fixtures";
import { Playground } from "./support/playground";

test("session pane in light and dark at 1280 px, and at 390 px", async ({ page }) => {
  const pg = new Playground(page);
  await page.setViewportSize({ width: 1280, height: 800 });
  await pg.goto();
  await pg.ask("Give me 3 bullet points about lighthouses.");
  await pg.expectStatus(1, "completed");
  await pg.ask("Write 2 paragraphs about the sea.");
  await pg.expectStatus(2, "completed");

  await pg.setTheme("light");
  await expect(page.locator("html")).not.toHaveClass(/\bdark\b/);
  await expect(page.locator(".monaco-editor").filter({ has: await pg.toolsEditor() })).not.toHaveClass(/vs-dark/);
  await page.screenshot({ path: `${SHOTS}/session-light-1280.png` });

  await pg.setTheme("dark");
  await expect(page.locator("html")).toHaveClass(/\bdark\b/);
  // Monaco follows the theme (the Tools JSON editor sits in the run settings panel at 1280 px).
  const tools = page.locator(".monaco-editor").filter({ has: await pg.toolsEditor() });
  await expect(tools).toHaveClass(/vs-dark/);
  await page.screenshot({ path: `${SHOTS}/session-dark-1280.png` });

  await pg.setTheme("light");
  await page.setViewportSize({ width: 390, height: 844 });
  await expect(pg.prompt).toBeVisible();
  await expect(pg.send).toBeVisible();
  await expect(pg.turn(2)).toBeVisible();
  // Nothing wider than the phone: no horizontal scrolling of the page.
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await page.screenshot({ path: `${SHOTS}/session-mobile-390.png` });
});
