// The `openai` backend in the browser: picked in the backend picker, its model list from the
// stand-in server's /models, its health dot green, and a chat with a tool call — the tool declared
// in the tools box, the stand-in answers with a call, the result form sends the result, and the
// stand-in's answer uses it. The server's key (OPENAI_API_KEY) never reaches the page.
import { SHOTS } from "./support/screens";
import { OPENAI_CANARY_KEY } from "./support/canary";
import { expect, test } from "./support/fixtures";
import { Playground } from "./support/playground";

const TOOLS = [
  {
    type: "function",
    name: "get_weather",
    description: "Get the current weather for a city.",
    parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
  },
];

test("openai backend: pick it, see its models and health, chat with a tool call round trip", async ({ page }) => {
  const pg = new Playground(page);
  await pg.goto();
  await pg.selectBackend("openai");
  await expect(pg.backend).toHaveValue("openai");
  const panel = page.getByRole("complementary", { name: "Run settings panel" });
  await expect(panel.getByRole("img", { name: "Backend openai healthy" })).toBeVisible();
  // The model box's suggestions come from the server's /models; blank uses the first.
  await expect(panel.getByRole("combobox", { name: "Model", exact: true })).toHaveAttribute("placeholder", "stand-in-chat");
  await expect(panel.getByText("Blank uses stand-in-chat.")).toBeVisible();
  await pg.setToolsJson(JSON.stringify(TOOLS));

  await pg.ask("What's the weather in Reykjavik?");
  await pg.expectStatus(1, "requires_action");
  await expect(pg.turn(1)).toContainText("get_weather");
  await expect(pg.turn(1)).toContainText("Reykjavik");

  const form = pg.resultForm(1);
  await form.getByRole("textbox", { name: "Result for get_weather" }).fill(JSON.stringify({ temperature_c: 4, conditions: "windy" }));
  await form.getByRole("button", { name: "Send results" }).click();
  await pg.expectStatus(2, "completed");
  await expect(pg.output(2)).toContainText("The tool get_weather answered:");
  await expect(pg.output(2)).toContainText("windy");
  await page.screenshot({ path: `${SHOTS}/backend-openai.png`, fullPage: false });

  expect(await page.content()).not.toContain(OPENAI_CANARY_KEY);
});
