// The session pane as a new user sees it, on the embedded engine (simulator, SIM_PACE_MS=15).
import { expect, test } from "./support/fixtures";
import { Playground } from "./support/playground";

test.describe("session pane", () => {
  test("a prompt streams, then shows its interaction id, status completed and usage", async ({ page }) => {
    const pg = new Playground(page);
    await pg.goto();
    // Let the page settle first (Monaco in the run settings panel loads lazily), so the two
    // observations below measure streaming, not a main thread busy parsing the editor.
    await pg.toolsEditor();
    // Sample from inside the page from before the click (every 25 ms), so a slow test runner
    // cannot miss the stream: output length and status text until the status is terminal.
    await pg.startSampling(1);
    await pg.ask("Write 400 words about lighthouses.");

    const turn = pg.turn(1);
    const out = pg.output(1);
    const samples = await pg.turnSamples(1);
    const live = samples.filter((s) => s.status !== "completed" && s.text > 0);
    expect(live.length, `samples taken while streaming: ${JSON.stringify(samples.slice(0, 5))}…`).toBeGreaterThanOrEqual(2);
    const first = live[0]!;
    const later = live.find((s) => s.text > first.text);
    expect(later, "the text grew between two observations before completion").toBeDefined();
    expect(samples.at(-1)?.status).toBe("completed");

    await pg.expectStatus(1, "completed");
    expect((await out.innerText()).split(/\s+/).length).toBeGreaterThan(300);
    await expect(turn.getByText(/\bint_[A-Za-z0-9_-]+/).first()).toBeVisible();
    await expect(turn.getByRole("button", { name: "Copy interaction id" })).toBeVisible();
    await expect(turn.getByLabel("Usage")).toContainText(/out\s+\d+/);
    await expect(turn.getByLabel("Usage")).toContainText(/total\s+\d+/);
    await expect(pg.stop).toBeHidden();
  });

  test("a follow-up uses the first answer's context (previous_interaction_id)", async ({ page }) => {
    const pg = new Playground(page);
    await pg.goto();
    await pg.ask("My name is Ada and I live in Lisbon.");
    await pg.expectStatus(1, "completed");
    await pg.ask("Where do I live?");
    await pg.expectStatus(2, "completed");
    await expect(pg.output(2)).toContainText("Lisbon");
    await pg.ask("What is my name?");
    await pg.expectStatus(3, "completed");
    await expect(pg.output(3)).toContainText("Ada");
  });

  test("Stop cancels a long run and the text stops growing", async ({ page }) => {
    const pg = new Playground(page);
    await pg.goto();
    await pg.ask("Write at least 2,000 words about the sea.");
    const out = pg.output(1);
    await expect(out).not.toBeEmpty();
    await expect.poll(async () => (await out.innerText()).length, { timeout: 10_000 }).toBeGreaterThan(200);
    await pg.stop.click();
    await pg.expectStatus(1, "cancelled");
    const atStop = (await out.innerText()).length;
    await page.waitForTimeout(750); // 50 chunks' worth at SIM_PACE_MS=15
    expect((await out.innerText()).length).toBe(atStop);
    expect((await out.innerText()).split(/\s+/).length).toBeLessThan(2000);
    // The session goes on after a stop.
    await expect(pg.send).toBeVisible();
  });

  test("a new session is listed in the sidebar once its first turn is done, without a reload, and nothing fails on the way", async ({ page }) => {
    const failed: string[] = [];
    page.on("response", (r) => {
      if (r.status() >= 400) failed.push(`${r.status()} ${r.request().method()} ${new URL(r.url()).pathname}`);
    });
    const pg = new Playground(page);
    await pg.goto();
    const marker = `Quokka-${Date.now().toString(36)}`;
    // A short answer: the stream is over well before the recorder's parse of it (20 ms after
    // the end), so the list the page refetches at the end must not depend on that parse.
    await pg.ask(`One sentence about ${marker}.`);
    await pg.expectStatus(1, "completed");
    const sessions = page.getByRole("navigation", { name: "Sessions" });
    await expect(sessions.getByRole("link", { name: new RegExp(marker) })).toBeVisible({ timeout: 3_000 });
    expect(failed).toEqual([]);
  });

  test("a session survives a reload and is listed and searchable in the sidebar", async ({ page }) => {
    const pg = new Playground(page);
    await pg.goto();
    const marker = `Zanzibar-${Date.now().toString(36)}`;
    await pg.ask(`Tell me one fact about ${marker} in two sentences.`);
    await pg.expectStatus(1, "completed");
    await pg.ask("And another one, please.");
    await pg.expectStatus(2, "completed");

    await expect(page).toHaveURL(/\/sessions\/[^/?#]+$/);
    const url = page.url();
    const squash = (t: string) => t.replace(/\s+/g, " ").trim();
    const answer = squash(await pg.output(1).innerText());
    await page.reload();
    await expect(page).toHaveURL(url);
    await expect(pg.turn(1)).toBeVisible();
    await expect(pg.turn(2)).toBeVisible();
    await expect(pg.turn(1)).toContainText(marker);
    await expect.poll(async () => squash(await pg.output(1).innerText())).toBe(answer);
    await pg.expectStatus(1, "completed");

    // The sidebar lists it; search finds it by the text of a turn; a new session starts empty.
    const sessions = page.getByRole("navigation", { name: "Sessions" });
    await expect(sessions.getByRole("link", { name: new RegExp(marker) })).toBeVisible();
    await pg.newSession.click();
    await expect(pg.turns()).toHaveCount(0);
    await expect(page).not.toHaveURL(url);
    await pg.search.fill(marker);
    const hit = sessions.getByRole("link", { name: new RegExp(marker) });
    await expect(hit).toHaveCount(1);
    await pg.search.fill(`no-such-session-${marker}`);
    await expect(hit).toHaveCount(0);
    await pg.search.fill(marker);
    await hit.click();
    await expect(page).toHaveURL(url);
    await expect(pg.turn(2)).toBeVisible();
  });
});
