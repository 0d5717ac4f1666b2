// The inspector: exact request JSON, raw SSE lines, and the timeline with TTFT.
import { SHOTS } from "./support/screens";
import { expect, test } from "./support/fixtures";
import { Playground } from "./support/playground";

test("the inspector shows the request, the raw SSE lines and the timeline", async ({ page }) => {
  const pg = new Playground(page);
  await pg.goto();
  const prompt = "Explain tides in three sentences.";
  await pg.ask(prompt);
  await pg.expectStatus(1, "completed");

  await pg.turn(1).getByRole("button", { name: "Inspect" }).click();
  const dialog = page.getByRole("dialog", { name: "Inspector" });
  await expect(dialog).toBeVisible();

  // Request: the exact JSON the browser sent, in a read-only Monaco editor.
  await expect(dialog.getByRole("tab", { name: "Request" })).toHaveAttribute("aria-selected", "true");
  const request = dialog.locator(".monaco-editor").first();
  await expect(request).toBeVisible();
  await expect(request).toContainText(prompt);
  await expect(request).toContainText('"stream"');
  await expect(dialog.getByRole("textbox", { name: "Request JSON" })).toHaveAttribute("readonly", /.*/);
  await page.screenshot({ path: `${SHOTS}/inspector-request.png` });

  // Response: the folded interaction, with its id.
  await dialog.getByRole("tab", { name: "Response" }).click();
  await expect(dialog.locator(".monaco-editor").first()).toContainText('"status": "completed"');

  // Raw SSE: the data: lines as they arrived, with offsets.
  await dialog.getByRole("tab", { name: "Raw SSE" }).click();
  const raw = dialog.getByRole("list", { name: "Raw SSE lines" });
  await expect(raw).toBeVisible();
  await expect(raw.getByRole("listitem").filter({ hasText: /^\+\d[\d,]* ms\s*data: \{"event_type":"interaction\.created"/ })).toHaveCount(1);
  await expect(raw.getByRole("listitem").filter({ hasText: "data: [DONE]" })).toHaveCount(1);
  expect(await raw.getByRole("listitem").filter({ hasText: '"event_type":"step.delta"' }).count()).toBeGreaterThan(3);
  await page.screenshot({ path: `${SHOTS}/inspector-raw-sse.png` });

  // Timeline: TTFT, tokens per second, total duration, the event list.
  await dialog.getByRole("tab", { name: "Timeline" }).click();
  const stat = (term: string) => dialog.getByRole("term").filter({ hasText: term }).locator("xpath=following-sibling::dd[1]");
  await expect(stat("Time to first token")).toHaveText(/^\d[\d,]* ms$/);
  await expect(stat("Tokens per second")).toHaveText(/^\d+\.\d/);
  await expect(stat("Total duration")).toHaveText(/^\d[\d,.]* (ms|s)$/);
  await expect(dialog.getByRole("cell", { name: "interaction.completed" })).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/inspector-timeline.png` });

  await dialog.getByRole("button", { name: "Close inspector" }).click();
  await expect(dialog).toBeHidden();
  // Keyboard: Escape closes it too, and focus goes back to the Inspect button.
  const inspect = pg.turn(1).getByRole("button", { name: "Inspect" });
  await inspect.click();
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole("button", { name: "Close inspector" })).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  await expect(inspect).toBeFocused();
});

test("the inspector's Code tab turns the request into runnable snippets", async ({ page }) => {
  const pg = new Playground(page);
  await pg.goto();
  await pg.ask("What is 6 times 7?");
  await pg.expectStatus(1, "completed");

  // The model id the turn ran on, from its recorded request (Request tab).
  await pg.turn(1).getByRole("button", { name: "Inspect" }).click();
  const dialog = page.getByRole("dialog", { name: "Inspector" });
  await expect(dialog).toBeVisible();
  // Monaco fills its view after it mounts (later on a busy machine): read until the model shows.
  const modelIn = async () =>
    /"model":\s*"([^"]+)"/.exec((await dialog.locator(".monaco-editor").first().innerText()).replace(/\u00a0/g, " "))?.[1];
  await expect.poll(modelIn, { message: "the request names a model", timeout: 20_000 }).toBeTruthy();
  const model = await modelIn();

  await dialog.getByRole("tab", { name: "Code" }).click();
  await expect(dialog.getByRole("tab", { name: "Code" })).toHaveAttribute("aria-selected", "true");
  const ts = dialog.getByRole("button", { name: "TypeScript", exact: true });
  await expect(ts).toHaveAttribute("aria-pressed", "true");
  await expect(dialog.getByRole("textbox", { name: "Code snippet" })).toBeAttached({ timeout: 20_000 });
  const code = dialog.locator(".monaco-editor").filter({ has: page.getByRole("textbox", { name: "Code snippet" }) });
  await expect(code).toContainText("ai.interactions.create");
  await expect(code).toContainText(model!);
  await expect(code).toContainText("/engine");
  await expect(dialog.getByRole("button", { name: "Copy code" })).toBeEnabled();

  await dialog.getByRole("button", { name: "curl", exact: true }).click();
  await expect(dialog.getByRole("button", { name: "curl", exact: true })).toHaveAttribute("aria-pressed", "true");
  await expect(ts).toHaveAttribute("aria-pressed", "false");
  const curl = dialog.locator(".monaco-editor").filter({ has: page.getByRole("textbox", { name: "Code snippet" }) });
  await expect(curl).toContainText("/interactions");
  await expect(curl).toContainText("curl -sS");

  await dialog.getByRole("button", { name: "Python", exact: true }).click();
  await expect(dialog.locator(".monaco-editor").filter({ has: page.getByRole("textbox", { name: "Code snippet" }) })).toContainText(
    "from google import genai",
  );
});
