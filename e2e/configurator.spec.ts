// The configurator end to end on the local engine: a function built in the form with a JavaScript
// mock answers a requires_action turn unattended; a response_format schema gives JSON the check
// calls valid; a bad schema is flagged before send with the service's text; a preset is saved,
// changed, diffed and restored. Screenshots in test-results/screenshots/configurator-*.png.
import type { Locator, Page } from "@playwright/test";
import { SHOTS } from "./support/screens";
import { expect, test } from "./support/fixtures";
import { appReady, Playground } from "./support/playground";

const EMPTY_REQUIRED = `Invalid value at 'tools[0].parameters.required': an empty "required" list is not allowed; omit the field instead.`;

async function editor(page: Page, name: string): Promise<Locator> {
  const box = page.getByRole("textbox", { name, exact: true });
  // Monaco mounts once its box is near the screen: bring the placeholder into view (it may mount meanwhile).
  if ((await box.count()) === 0) await page.getByRole("status", { name: new RegExp(`^${name}`) }).first().scrollIntoViewIfNeeded({ timeout: 5_000 }).catch(() => {});
  await expect(box).toBeAttached({ timeout: 20_000 });
  return box;
}

async function fillEditor(page: Page, name: string, text: string): Promise<void> {
  const box = await editor(page, name);
  await box.focus();
  await page.keyboard.press("ControlOrMeta+A");
  await page.keyboard.press("Delete");
  await page.keyboard.insertText(text);
  const lines = page.locator(".monaco-editor").filter({ has: box }).locator(".view-lines");
  const squash = (s: string) => s.replace(/[\s\u00a0]+/g, "");
  await expect.poll(async () => squash(await lines.innerText())).toBe(squash(text));
}

async function openConfigurator(page: Page) {
  await page.goto("/configurator");
  await expect(page.getByRole("heading", { name: "Configurator", level: 1 })).toBeVisible({ timeout: 30_000 });
  await appReady(page);
}

async function backToSession(page: Page): Promise<Playground> {
  await page.getByRole("link", { name: "Back to a session" }).click();
  const pg = new Playground(page);
  await expect(pg.prompt).toBeEditable();
  return pg;
}

test("a function with a JavaScript mock in auto mode completes a requires_action round trip unattended", async ({ page }) => {
  test.slow(); // Monaco + the QuickJS worker on a busy 2-core box
  await openConfigurator(page);
  // Monaco only loads once an editor is on screen: nothing configured, no editor yet.
  await expect(page.locator(".monaco-editor")).toHaveCount(0);
  await page.getByRole("button", { name: "+ Add function" }).click();
  const card = page.getByRole("article", { name: /^Function / });
  await card.getByRole("textbox", { name: "Name" }).fill("get_weather");
  await card.getByRole("textbox", { name: "Description" }).fill("Get the current weather for a city.");
  await expect(card.getByLabel("Parameters of get_weather validation")).toContainText("The service accepts it.");
  await card.getByRole("radiogroup", { name: "Mock for get_weather" }).getByRole("radio", { name: "JavaScript" }).click();
  await fillEditor(page, "Mock code for get_weather", "(args) => ({ city: args.city, temperature_c: 17, conditions: 'mock-drizzle' })");
  await page.getByRole("checkbox", { name: "Answer function calls with mocks" }).check({ force: true });
  await card.getByText("tools[] entry sent").click();
  await expect(card).toContainText('"name": "get_weather"');
  await page.screenshot({ path: `${SHOTS}/configurator-function.png`, fullPage: true });

  const pg = await backToSession(page);
  await pg.ask("What's the weather in Paris?");
  await pg.expectStatus(1, "requires_action");
  // Nobody answers: the mock does, and the chain goes on.
  await pg.expectStatus(2, "completed", 45_000);
  await expect(pg.output(2)).toContainText(/17/);
  await expect(pg.output(2)).toContainText(/mock-drizzle/);
  await expect(page.getByLabel("Turn 2 checks")).toContainText("mocked · get_weather");
  await page.screenshot({ path: `${SHOTS}/configurator-auto-answer.png`, fullPage: false });

  // On the wire the result is a plain function_result; "mocked" is record metadata only.
  const sessionId = new URL(page.url()).pathname.split("/").pop()!;
  const rec = (await (await page.request.get(`/api/sessions/${sessionId}`)).json()) as { turns: { request: { input: Record<string, unknown>[] } }[] };
  const sent = rec.turns[1]!.request.input.find((s) => s.type === "function_result")!;
  expect(Object.keys(sent).sort()).toEqual(["call_id", "name", "result", "type"]);
  expect(sent.result).toEqual({ city: "Paris", temperature_c: 17, conditions: "mock-drizzle" });
  const marks = (await (await page.request.get(`/api/mocks?session=${sessionId}`)).json()) as { mocked: { call_id: string; mode: string }[] };
  expect(marks.mocked).toEqual([expect.objectContaining({ call_id: sent.call_id, mode: "js" })]);
});

test("a response_format schema gives a validated JSON answer and the check shows valid", async ({ page }) => {
  await openConfigurator(page);
  await page.getByRole("checkbox", { name: "JSON response format" }).check({ force: true });
  await page.getByRole("button", { name: "Use the Person starter schema" }).click();
  await expect(page.getByLabel("Response schema validation")).toContainText("Valid JSON Schema");
  const pg = await backToSession(page);
  await pg.ask("Describe a person.");
  await pg.expectStatus(1, "completed");
  await expect(page.getByRole("status", { name: "Output check for turn 1" })).toHaveText("Output matches the response schema: valid");
  const sessionId = new URL(page.url()).pathname.split("/").pop()!;
  const rec = (await (await page.request.get(`/api/sessions/${sessionId}`)).json()) as { turns: { interaction: { steps: { type: string; content?: { text?: string }[] }[] } }[] };
  const out = rec.turns[0]!.interaction.steps.filter((s) => s.type === "model_output").flatMap((s) => s.content ?? []).map((c) => c.text ?? "").join("");
  expect(JSON.parse(out)).toEqual(expect.objectContaining({ name: expect.any(String), age: expect.any(Number) }));
  await page.screenshot({ path: `${SHOTS}/configurator-structured-output.png`, fullPage: false });
});

test("a bad schema is flagged before send with the service's text; Send anyway gets the same 400", async ({ page }) => {
  test.slow();
  await openConfigurator(page);
  await page.getByRole("button", { name: "+ Add function" }).click();
  await fillEditor(page, "Parameters of my_function", '{"type":"object","properties":{},"required":[]}');
  const card = page.getByRole("article", { name: "Function my_function" });
  await expect(card.getByRole("alert").filter({ hasText: "The service would reject it" })).toHaveText(`The service would reject it: ${EMPTY_REQUIRED}`);
  await page.screenshot({ path: `${SHOTS}/configurator-bad-schema.png`, fullPage: true });

  const pg = await backToSession(page);
  const check = page.getByRole("region", { name: "Request check" });
  await expect(check).toContainText(EMPTY_REQUIRED);
  // After a reload nothing is loaded yet: the stored draft is read back (the sanitizer loads for
  // it) and, since the request now has tools, the linter loads without any key or click.
  await page.reload();
  await expect(check).toContainText(EMPTY_REQUIRED);
  await pg.prompt.fill("hello");
  await pg.send.click();
  await expect(page.getByRole("form", { name: "Prompt form" }).getByRole("alert")).toContainText("The service would reject this request");
  await expect(pg.turns()).toHaveCount(0);
  await page.screenshot({ path: `${SHOTS}/configurator-lint.png`, fullPage: false });
  await check.getByRole("checkbox", { name: "Send anyway" }).check({ force: true });
  await pg.send.click();
  await expect(pg.turn(1)).toContainText(EMPTY_REQUIRED);
});

test("a preset is saved, changed, diffed and restored", async ({ page }) => {
  test.slow();
  await openConfigurator(page);
  await page.getByRole("button", { name: "+ Add function" }).click();
  const card = page.getByRole("article", { name: /^Function / });
  await card.getByRole("textbox", { name: "Name" }).fill("lookup_order");
  await card.getByRole("textbox", { name: "Description" }).fill("Find an order by id");
  await page.getByRole("textbox", { name: "Preset name" }).fill("Orders");
  await page.getByRole("button", { name: "Save as new preset" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Saved “Orders” (version 1)." })).toBeVisible({ timeout: 30_000 });

  await card.getByRole("textbox", { name: "Description" }).fill("Find an order by its id and return its status");
  await page.getByRole("checkbox", { name: "Code execution" }).check({ force: true });
  await page.getByRole("button", { name: "Save version" }).click();
  await expect(page.getByRole("status").filter({ hasText: "as version 2" })).toBeVisible({ timeout: 30_000 });

  await page.getByRole("button", { name: "Diff version 2 against version 1" }).click();
  const diff = page.getByRole("region", { name: "Diff v1 → v2" });
  await expect(diff).toContainText('- "description": "Find an order by id"');
  await expect(diff).toContainText('+ "description": "Find an order by its id and return its status"');
  await diff.scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SHOTS}/configurator-preset-diff.png`, fullPage: false });

  await page.getByRole("button", { name: "Restore version 1" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Restored version 1 as version 3." })).toBeVisible({ timeout: 30_000 });
  await expect(card.getByRole("textbox", { name: "Description" })).toHaveValue("Find an order by id");
  await expect(page.getByRole("checkbox", { name: "Code execution" })).not.toBeChecked();
  await expect(page.getByRole("list", { name: "Preset versions" }).getByRole("listitem")).toHaveCount(3);
  // It survives a reload (the server holds it).
  await page.reload();
  await expect(page.getByRole("combobox", { name: "Preset" })).toContainText("Orders (v3)");
});

test("the configurator works at 390 px", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await openConfigurator(page);
  await page.getByRole("button", { name: "+ Add function" }).click();
  await page.getByRole("checkbox", { name: "Google Maps" }).check({ force: true });
  await expect(await editor(page, "Parameters of my_function")).toBeAttached();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await page.screenshot({ path: `${SHOTS}/configurator-390.png`, fullPage: true });
});
