// Testing › Engine-wide faults in the browser: turn the engine's rate-limit preset on, see "Faults
// on" in the session header, send, get the failed turn with the explainer (429 resource_exhausted),
// turn it off, send successfully. A bad parameter is refused with the engine's message. The same
// at 390 px. Then the `vertex` backend with the embedded engine standing in for Vertex AI
// (VERTEX_BASE_URL=<app>/engine): healthy, a turn completes, and the access token never reaches the page.
import { readFileSync } from "node:fs";
import { SERVER_LOG } from "./support/env";
import { SHOTS } from "./support/screens";
import { VERTEX_CANARY_TOKEN } from "./support/canary";
import { expect, test } from "./support/fixtures";
import { Playground } from "./support/playground";

test.afterEach(async ({ request }) => {
  // Engine-wide faults outlive the page: never leave one on for the next spec.
  const res = await request.put("/api/testing/faults", { data: { faults: "" } });
  expect(res.status()).toBe(200);
});

test("an engine-wide fault from Testing: Faults on, the error card explains it, off again and the next send works", async ({ page }) => {
  const pg = new Playground(page);
  await pg.goto();
  await expect(pg.backend).toHaveValue("local");
  const panel = page.getByRole("complementary", { name: "Run settings panel" });
  const header = page.locator("header", { has: page.getByRole("button", { name: "Toggle run settings" }) });
  const badge = header.getByText("Faults on");
  await expect(badge).toHaveCount(0);

  await expect(panel.getByRole("button", { name: "Testing", exact: true })).toHaveAttribute("aria-expanded", "true");
  const group = panel.getByRole("button", { name: "Engine-wide faults" });
  await group.click();
  await expect(group).toHaveAttribute("aria-expanded", "true");
  const rateLimit = panel.getByRole("checkbox", { name: "rate-limit", exact: true });
  await expect(rateLimit).not.toBeChecked();
  await expect(panel.getByRole("textbox", { name: "rate-limit retry-after" })).toHaveValue("1");
  // Each preset says what it does and links the public report it reproduces.
  await expect(panel.getByText(/GET of a new interaction answers 404 not_found/)).toBeVisible();
  await expect(panel.getByRole("link", { name: "python-genai#2985" })).toHaveAttribute("href", "https://github.com/googleapis/python-genai/issues/2985");

  await rateLimit.click({ force: true }); // the switch is drawn over the sr-only checkbox (as in configurator.spec.ts)
  await expect(rateLimit).toBeChecked();
  await expect(badge).toBeVisible();
  await expect(panel.getByText("On: rate-limit=1")).toBeVisible();
  await panel.getByRole("textbox", { name: "rate-limit retry-after" }).scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SHOTS}/faults-testing-on.png` });

  // A bad parameter: the engine's own message, nothing changes.
  const retry = panel.getByRole("textbox", { name: "rate-limit retry-after" });
  await retry.fill("soon");
  await retry.press("Enter");
  await expect(panel.getByRole("alert").filter({ hasText: "rate-limit takes a duration" })).toBeVisible();
  await retry.fill("2");
  await retry.press("Enter");
  await expect(panel.getByText("On: rate-limit=2")).toBeVisible();

  await pg.ask("Hello there.");
  await pg.expectStatus(1, "failed");
  const card = pg.turn(1);
  await expect(card.getByText("Why: Rate limit or quota exhausted")).toBeVisible();
  await expect(card).toContainText(/Resource has been exhausted/);
  await card.scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SHOTS}/faults-error-card.png` });

  await panel.getByRole("button", { name: "Turn all faults off" }).click();
  await expect(rateLimit).not.toBeChecked();
  await expect(badge).toHaveCount(0);
  await pg.ask("Hello again.");
  await pg.expectStatus(2, "completed");
});

test("the Testing control and the badge at 390 px", async ({ page, request }) => {
  await request.put("/api/testing/faults", { data: { faults: "early-404=5s" } });
  await page.setViewportSize({ width: 390, height: 844 });
  const pg = new Playground(page);
  await pg.goto();
  const header = page.locator("header", { has: page.getByRole("button", { name: "Toggle run settings" }) });
  await expect(header.getByText("Faults on")).toBeVisible();
  await page.getByRole("button", { name: "Toggle run settings" }).click();
  const panel = page.getByRole("complementary", { name: "Run settings panel" });
  // A fault is on: the engine-wide list opens by itself.
  await expect(panel.getByRole("button", { name: "Engine-wide faults" })).toHaveAttribute("aria-expanded", "true");
  const early = panel.getByRole("checkbox", { name: "early-404", exact: true });
  await expect(early).toBeChecked();
  await expect(panel.getByRole("textbox", { name: "early-404 for" })).toHaveValue("5s");
  await panel.getByRole("textbox", { name: "early-404 for" }).scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SHOTS}/faults-390.png` });
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBeLessThanOrEqual(390);
  await early.click({ force: true });
  await expect(early).not.toBeChecked();
});

test("vertex backend with the engine standing in for Vertex AI: healthy, a turn completes, no token on the page", async ({ page, seen }) => {
  const pg = new Playground(page);
  await pg.goto();
  await pg.selectBackend("vertex");
  await expect(pg.backend).toHaveValue("vertex");
  const panel = page.getByRole("complementary", { name: "Run settings panel" });
  await expect(panel.getByRole("img", { name: "Backend vertex healthy" })).toBeVisible();
  await expect(panel.getByText("Vertex configured")).toBeVisible();
  await expect(panel.getByLabel("Current Vertex project")).toHaveText("e2e-project");
  await expect(panel.getByLabel("Current Vertex credential")).toContainText("access token");
  // The engine answers with its header, so the app knows this upstream runs the simulator: labelled.
  await expect(page.getByText("Simulator", { exact: true }).first()).toBeVisible();
  await pg.ask("My name is Ada. What is my name?");
  await pg.expectStatus(1, "completed");
  await expect(pg.turn(1)).toContainText("Ada");
  await expect(pg.turn(1).getByText("Simulator", { exact: true })).toBeVisible();
  await panel.getByText("Vertex configured").scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SHOTS}/backend-vertex.png` });
  await seen.settle();
  const bodies = await seen.fetchBodies();
  const hits = [...seen.responses.filter((r) => r.body?.includes(VERTEX_CANARY_TOKEN) || Object.values(r.headers).some((v) => v.includes(VERTEX_CANARY_TOKEN))).map((r) => r.url), ...bodies.filter((b) => b.text.includes(VERTEX_CANARY_TOKEN)).map((b) => b.url)];
  expect(hits).toEqual([]);
  expect(await page.content()).not.toContain(VERTEX_CANARY_TOKEN);
  // Nor any line the app server printed.
  expect(readFileSync(SERVER_LOG, "utf8")).not.toContain(VERTEX_CANARY_TOKEN);
});
