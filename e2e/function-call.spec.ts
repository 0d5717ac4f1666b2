// Function calling end to end: tools declared as JSON in Monaco, a turn that ends requires_action,
// the result form, and the continued session that uses the result.
import { SHOTS } from "./support/screens";
import { expect, test } from "./support/fixtures";
import { Playground } from "./support/playground";

const TOOLS = [
  {
    type: "function",
    name: "get_weather",
    description: "Get the current weather for a city.",
    parameters: {
      type: "object",
      properties: { city: { type: "string", description: "City name" } },
      required: ["city"],
    },
  },
];

test("function-call round trip: requires_action → result form → completed answer using the result", async ({ page }) => {
  const pg = new Playground(page);
  await pg.goto();
  await pg.setToolsJson(JSON.stringify(TOOLS));

  await pg.ask("What's the weather in Paris?");
  await pg.expectStatus(1, "requires_action");
  const turn1 = pg.turn(1);
  await expect(turn1).toContainText("get_weather");
  await expect(turn1).toContainText("Paris");

  // The result form has name and call_id filled in; we send a JSON result.
  const form = pg.resultForm(1);
  await expect(form).toBeVisible();
  const resultBox = form.getByRole("textbox", { name: "Result for get_weather" });
  await resultBox.fill(JSON.stringify({ temperature_c: 23, conditions: "sunny with light wind" }));
  await page.screenshot({ path: `${SHOTS}/function-call-form.png`, fullPage: false });
  await form.getByRole("button", { name: "Send results" }).click();

  await pg.expectStatus(2, "completed");
  const answer = pg.output(2);
  await expect(answer).toContainText(/23/);
  await expect(answer).toContainText(/sunny/i);
});
