// The empty session's suggestion chips on the local engine: each one, clicked and sent, gets an
// answer from the simulator (a chip that needs a tool adds it), never a refusal. Then the error
// explainer on a failed turn, produced with the Testing › Fault presets box (content filter).
import { expect, test } from "./support/fixtures";
import { Playground } from "./support/playground";
import { SIMULATOR_SUGGESTIONS } from "../lib/client/suggestions";

const REFUSAL = /can't answer|no way to answer|haven't told me/;

test.describe("suggestion chips on the simulator", () => {
  for (const [i, s] of SIMULATOR_SUGGESTIONS.entries()) {
    test(`chip ${i + 1}: ${s.prompt}`, async ({ page }) => {
      const pg = new Playground(page);
      await pg.goto();
      const chip = page.getByRole("button", { name: new RegExp(`^${s.prompt.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`) });
      await expect(chip).toBeVisible();
      if (i === 0) await page.screenshot({ path: test.info().outputPath("empty-state.png") });
      await chip.click();
      await expect(pg.prompt).toHaveValue(s.prompt);
      await pg.send.click();
      const wantsCall = s.tools?.some((t) => t.type === "function");
      await pg.expectStatus(1, wantsCall ? "requires_action" : "completed");
      const turn = pg.turn(1);
      if (wantsCall) {
        await expect(turn.getByText("get_weather").first()).toBeVisible();
        await expect(turn.getByText(/Paris/).first()).toBeVisible();
      } else {
        await expect(pg.output(1)).not.toHaveText("");
        await expect(pg.output(1)).not.toContainText(REFUSAL);
      }
    });
  }
});

test("a failed turn explains itself: content-filter fault → cause, fix, field and the public report", async ({ page }) => {
  const pg = new Playground(page);
  await pg.goto();
  await page.getByRole("textbox", { name: "Fault presets" }).fill("content-filter=json");
  await pg.ask("Anything at all.");
  const turn = pg.turn(1);
  await expect(turn.getByText("Why: Blocked by the content filter")).toBeVisible({ timeout: 30_000 });
  await expect(turn.getByRole("link", { name: /Known fault: googleapis\/js-genai#1973/ })).toHaveAttribute("href", "https://github.com/googleapis/js-genai/issues/1973");
  await expect(turn.getByText("Field at fault:")).toBeVisible();
  await turn.scrollIntoViewIfNeeded();
  await page.screenshot({ path: test.info().outputPath("error-explainer.png") });
});
