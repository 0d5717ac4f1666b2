// Item 6 of issue 6: a refused create shows once (and offers nothing for an id that is not an
// interaction id), a new session makes no failing request before its first send, and the
// Simulator badge follows what the engine will really run.
import { expect, test } from "./support/fixtures";
import { Playground } from "./support/playground";

test.describe("failed turns, fresh sessions, the Simulator badge", () => {
  test("a new session makes no failing request before its first send", async ({ page }) => {
    const failing: string[] = [];
    const sessionGets: string[] = [];
    page.on("response", (r) => {
      if (r.status() >= 400) failing.push(`${r.status()} ${r.request().method()} ${new URL(r.url()).pathname}`);
    });
    page.on("request", (r) => {
      if (/\/api\/sessions\/[^/?]+$/.test(new URL(r.url()).pathname)) sessionGets.push(r.method());
    });
    const pg = new Playground(page);
    await pg.goto();
    await expect(pg.prompt).toBeVisible();
    await page.waitForLoadState("networkidle");
    expect(failing, "failing requests before the first send").toEqual([]);
    expect(sessionGets.filter((m) => m === "GET"), "GET of a record that does not exist yet").toEqual([]);

    // After the first send the record is read as usual, and a reload reads it too.
    await pg.ask("Hello there.");
    await pg.expectStatus(1, "completed");
    await page.reload();
    await pg.expectStatus(1, "completed");
    expect(failing).toEqual([]);
  });

  test("an id the engine refuses: no Simulator badge, one failed card, no fork or copy, also after reload", async ({ page }) => {
    const pg = new Playground(page);
    await pg.goto();
    const model = page.getByRole("combobox", { name: "Model", exact: true });
    const badge = page.getByText("Simulator", { exact: true });
    // A listed simulated id, and an unlisted id the engine's simulator still runs: badge.
    await model.fill("gemini-3.5-flash");
    await expect(badge.first()).toBeVisible();
    await model.fill("gemini-9-unlisted");
    await expect(badge.first()).toBeVisible();
    // gpt-4o: the engine would refuse it, so no badge anywhere.
    await model.fill("gpt-4o");
    await expect(badge).toHaveCount(0);

    await pg.ask("Hello?");
    const cards = pg.turns();
    const card = pg.turn(1);
    await pg.expectStatus(1, "failed");
    const check = async () => {
      await expect(cards).toHaveCount(1);
      await expect(card.getByTestId("interaction-id")).toHaveText("no interaction id");
      await expect(card.getByRole("button", { name: "Fork from here" })).toHaveCount(0);
      await expect(card.getByRole("button", { name: "Copy interaction id" })).toHaveCount(0);
      await expect(card.getByText(/rec_/)).toHaveCount(0);
      // Still inspectable: the record keeps the refused request and its error.
      await expect(card.getByRole("button", { name: "Inspect" })).toBeEnabled();
    };
    // Once the record is refetched (the send settles), then again after a reload.
    await page.waitForLoadState("networkidle");
    await check();
    await page.reload();
    await expect(cards).toHaveCount(1, { timeout: 30_000 });
    await check();
  });
});
