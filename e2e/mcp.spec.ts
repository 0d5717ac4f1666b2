// MCP servers in the configurator, end to end on the local engine: the test serves an MCP server on
// loopback that requires a bearer token; the user saves an entry with that token as a header (a
// wrong one first: Test connection says the credentials were refused), tests the connection, ticks
// a tool, and a prompt makes the simulator call it — the transcript shows the call and its result.
// The token reaches the MCP server (the proxy injected it) but is in no request the page sent, no
// response it received and nowhere in the DOM. Screenshots: test-results/screenshots/mcp-*.png.
import { expect, test } from "./support/fixtures";
import { Playground } from "./support/playground";
import { SHOTS } from "./support/screens";
import { FORECAST_TOOL, startMcpServer, type TestServer } from "../lib/engine/tools/test-servers";

const TOKEN = "e2e-saved-mcp-4c81d2f7a93e";
let mcp: TestServer;

test.beforeAll(async () => {
  mcp = await startMcpServer(
    [
      FORECAST_TOOL,
      {
        name: "get_tides",
        description: "High and low tide times for a port",
        inputSchema: { type: "object", properties: { port: { type: "string" } }, required: ["port"] },
        run: (a) => ({ text: `Tides for ${String(a.port)}: high 06:42` }),
      },
    ],
    { token: TOKEN },
  );
});
test.afterAll(async () => {
  await mcp?.close();
});

test("an MCP server served by the test is saved with a secret header, connected, ticked and its tool called", async ({ page, seen }) => {
  test.slow();
  const sent: { what: string; body: string }[] = [];
  page.on("request", (r) => {
    const body = r.postData();
    if (body) sent.push({ what: `${r.method()} ${new URL(r.url()).pathname}`, body });
  });

  await page.goto("/configurator");
  await expect(page.getByRole("heading", { name: "Configurator", level: 1 })).toBeVisible({ timeout: 30_000 });
  const section = page.getByRole("region", { name: "MCP servers" });
  await expect(section).toContainText("No MCP servers saved yet.");

  // Save the entry with a wrong token first.
  await section.getByRole("button", { name: "+ Add MCP server" }).click();
  const form = section.getByRole("form", { name: "New MCP server" });
  await form.getByRole("textbox", { name: "Server name" }).fill("weather");
  await form.getByRole("textbox", { name: "Server URL" }).fill(mcp.url);
  await form.getByRole("button", { name: "+ Add header" }).click();
  await form.getByRole("textbox", { name: "Header 1 name" }).fill("Authorization");
  await form.getByLabel("Header 1 value").fill("Bearer not-the-right-token-000");
  await form.getByRole("button", { name: "Save MCP server" }).click();

  const card = section.getByRole("article", { name: "MCP server weather" });
  await expect(card.getByRole("list", { name: "Headers of weather" })).toHaveText("Authorization: ••••••-000");
  await expect(card.getByRole("checkbox", { name: "Use MCP server weather" })).toBeChecked();
  await expect(card).toContainText("The local engine calls it from this machine");
  await card.getByRole("button", { name: "Test connection to weather" }).click();
  await expect(card.getByRole("alert")).toContainText("refused the credentials", { timeout: 20_000 });
  await card.screenshot({ path: `${SHOTS}/mcp-auth-error.png` });

  // Replace the header's value (the masked one is never sent back to the browser to edit).
  await card.getByRole("button", { name: "Edit MCP server weather" }).click();
  const edit = section.getByRole("form", { name: "Edit MCP server weather" });
  await expect(edit.getByLabel("Header 1 value")).toHaveValue("");
  await edit.getByLabel("Header 1 value").fill(`Bearer ${TOKEN}`);
  await edit.getByRole("button", { name: "Save changes" }).click();
  await expect(card.getByRole("list", { name: "Headers of weather" })).toHaveText(`Authorization: ••••••${TOKEN.slice(-4)}`);

  await card.getByRole("button", { name: "Test connection to weather" }).click();
  await expect(card.getByRole("checkbox", { name: "Allow tool get_forecast" })).toBeVisible({ timeout: 20_000 });
  await expect(card.getByRole("checkbox", { name: "Allow tool get_tides" })).toBeVisible();
  await card.getByRole("checkbox", { name: "Allow tool get_forecast" }).check();
  const preview = page.getByRole("region", { name: "What every turn sends" });
  await expect(preview).toContainText('"type": "mcp_server"');
  await expect(preview).toContainText('"get_forecast"');
  await expect(preview).not.toContainText("Authorization");
  await card.screenshot({ path: `${SHOTS}/mcp-tools.png` });
  await page.setViewportSize({ width: 390, height: 900 });
  await section.screenshot({ path: `${SHOTS}/mcp-390.png` });
  await page.setViewportSize({ width: 1280, height: 800 });

  // Run it on the local engine.
  await page.getByRole("link", { name: "Back to a session" }).click();
  const pg = new Playground(page);
  await expect(pg.prompt).toBeEditable();
  await expect(pg.backend).toHaveValue("local");
  await pg.ask("Use get_forecast for Paris, please.");
  await pg.expectStatus(1, "completed", 45_000);
  const turn = pg.turn(1);
  await expect(turn).toContainText("get_forecast");
  await expect(turn).toContainText("Forecast for Paris: sunny, 21°C");
  await expect(turn).not.toContainText("get_tides");
  await turn.screenshot({ path: `${SHOTS}/mcp-turn.png` });

  // The proxy injected the token: the MCP server got it on the engine's calls.
  expect(mcp.requests.filter((r) => r.headers.authorization === `Bearer ${TOKEN}`).length).toBeGreaterThan(2);

  // The inspector/record shows the request with the header redacted.
  const sessions = (await (await page.request.get("/api/sessions")).json()) as { sessions: { id: string }[] };
  const detail = await (await page.request.get(`/api/sessions/${sessions.sessions[0]!.id}`)).text();
  expect(detail).toContain('"Authorization":"[redacted]"');
  expect(detail).not.toContain(TOKEN);

  // Nowhere the browser could see it: the only request carrying it is the save the user typed it
  // into (PUT /api/mcp-servers/{id}); not the interactions, not any response, not the DOM.
  expect(sent.filter((s) => s.body.includes(TOKEN)).map((s) => s.what)).toEqual([expect.stringMatching(/^PUT \/api\/mcp-servers\/mcp_/)]);
  expect(sent.some((s) => s.what.includes("/interactions") && s.body.includes('"mcp_server"'))).toBe(true);
  const responses = await seen.settle();
  const bodies = await seen.fetchBodies();
  expect(bodies.some((b) => b.text.includes("mcp_server_tool_result"))).toBe(true);
  for (const r of responses) expect(r.body ?? "").not.toContain(TOKEN);
  for (const b of bodies) expect(b.text).not.toContain(TOKEN);
  expect(await page.content()).not.toContain(TOKEN);

  // Leave no saved entry behind for the specs that run later on this server.
  const list = await (await page.request.get("/api/mcp-servers")).text();
  expect(list).not.toContain(TOKEN);
  for (const s of (JSON.parse(list) as { servers: { id: string }[] }).servers) expect((await page.request.delete(`/api/mcp-servers/${s.id}`)).status()).toBe(204);
});

test("the gemini backend is told it cannot reach a server on localhost", async ({ page }) => {
  const pg = new Playground(page);
  await pg.goto();
  await pg.selectBackend("gemini");
  await page.goto("/configurator");
  const section = page.getByRole("region", { name: "MCP servers" });
  await section.getByRole("button", { name: "+ Add MCP server" }).click();
  const form = section.getByRole("form", { name: "New MCP server" });
  await form.getByRole("textbox", { name: "Server name" }).fill("on-this-machine");
  await form.getByRole("textbox", { name: "Server URL" }).fill("http://localhost:8931/mcp");
  await page.setViewportSize({ width: 390, height: 900 });
  await form.getByRole("button", { name: "+ Add header" }).click();
  await form.getByRole("textbox", { name: "Header 1 name" }).fill("X-Api-Key");
  await form.screenshot({ path: `${SHOTS}/mcp-form-390.png` });
  await form.getByRole("button", { name: "Remove header 1" }).click();
  await page.setViewportSize({ width: 1280, height: 800 });
  await form.getByRole("button", { name: "Save MCP server" }).click();
  const card = section.getByRole("article", { name: "MCP server on-this-machine" });
  await expect(card).toContainText("The gemini backend cannot reach it: Google's service calls MCP servers from Google's network, and this server is on this machine (localhost).");
  await card.screenshot({ path: `${SHOTS}/mcp-gemini-note.png` });
  await card.getByRole("button", { name: "Delete MCP server on-this-machine" }).click();
  await expect(card).toHaveCount(0);
});
