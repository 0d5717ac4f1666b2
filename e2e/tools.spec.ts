// Every kind of tool in one interaction on the local engine, seen in the session pane: an MCP
// server and a web page (both served by this test on loopback), code execution and a declared
// function. The MCP bearer token must come back in no response the page receives.
import { expect, test } from "./support/fixtures";
import { Playground } from "./support/playground";
import { SHOTS } from "./support/screens";
import { FORECAST_TOOL, startMcpServer, startPageServer, type TestServer } from "../lib/engine/tools/test-servers";

const TOKEN = "e2e-mcp-token-3f9a1c7d";
let mcp: TestServer;
let pages: TestServer;

test.beforeAll(async () => {
  mcp = await startMcpServer(
    [
      FORECAST_TOOL,
    ],
    { token: TOKEN },
  );
  pages = await startPageServer({
    "/tides": (_q, res) =>
      res.writeHead(200, { "content-type": "text/html" }).end("<html><head><title>Porto tides</title></head><body><article><p>High tide in Porto is at 06:42 on Monday.</p></article></body></html>"),
  });
});
test.afterAll(async () => {
  await mcp?.close();
  await pages?.close();
});

test("function, code execution, url_context and an MCP server in one interaction, each step in the pane", async ({ page, seen }) => {
  test.setTimeout(180_000); // a busy 2-core box: page load alone can take 20 s
  const pg = new Playground(page);
  await pg.goto();
  // Long JSON wraps past what Monaco renders, so check the parsed count instead of reading it back.
  const box = await pg.toolsEditor();
  await box.focus();
  await page.keyboard.press("ControlOrMeta+A");
  await page.keyboard.press("Delete");
  await page.keyboard.insertText(
    JSON.stringify([
      { type: "function", name: "lookup_order", description: "Look up an order by id", parameters: { type: "object", properties: { order_id: { type: "integer" } }, required: ["order_id"] } },
      { type: "code_execution" },
      { type: "url_context" },
      { type: "mcp_server", name: "weather", url: mcp.url, headers: { Authorization: `Bearer ${TOKEN}` } },
    ]),
  );
  await expect(page.getByText("4 tools", { exact: true })).toBeVisible();
  await expect(page.getByRole("alert").filter({ hasText: "Tools JSON" })).toHaveCount(0);
  await pg.ask(`Use get_forecast for Paris, read ${pages.url}/tides, compute 12 * 7, and call lookup_order for order 42.`);
  await pg.expectStatus(1, "requires_action", 45_000);
  const turn = pg.turn(1);
  // Each step is its own card in the pane.
  await expect(turn).toContainText("get_forecast");
  await expect(turn).toContainText("Forecast for Paris: sunny, 21°C");
  await expect(turn).toContainText(`${pages.url}/tides`);
  await expect(turn).toContainText("success");
  await expect(turn).toContainText("12 * 7");
  await expect(turn).toContainText("lookup_order");
  await page.setViewportSize({ width: 1280, height: 2600 }); // the whole turn on screen at once
  await turn.screenshot({ path: `${SHOTS}/tools-combined.png` });
  await page.setViewportSize({ width: 1280, height: 800 });

  // Answer the function call; the next turn completes.
  const form = pg.resultForm(1);
  await form.getByRole("textbox", { name: "Result for lookup_order" }).fill(JSON.stringify({ status: "shipped" }));
  await form.getByRole("button", { name: "Send results" }).click();
  await pg.expectStatus(2, "completed");
  await expect(pg.output(2)).toContainText("shipped");

  // The MCP header value reached the MCP server, and no response the page received carries it.
  expect(mcp.requests.some((r) => r.headers.authorization === `Bearer ${TOKEN}`)).toBe(true);
  const responses = await seen.settle();
  const bodies = await seen.fetchBodies();
  expect(bodies.some((b) => b.text.includes("mcp_server_tool_result"))).toBe(true);
  for (const r of responses) expect(r.body ?? "").not.toContain(TOKEN);
  for (const b of bodies) expect(b.text).not.toContain(TOKEN);
});
