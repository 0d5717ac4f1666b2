// Resume after a dropped stream, on the embedded engine: the run setting "Drop stream after N events"
// makes streamed creates send `x-engine-fault: drop-after=N`, so the engine cuts the stream like a
// dropped connection (no terminal event, no [DONE]) while the run goes on server-side. The turn is
// flagged, Resume (GET ?stream=true&last_event_id=…, without the fault header) completes it, and the
// record keeps it completed across a reload.
import type { Request } from "@playwright/test";
import { SHOTS } from "./support/screens";
import { expect, test } from "./support/fixtures";
import { Playground } from "./support/playground";

const FLAG = "Stream ended without a terminal event";

test("a dropped stream is flagged, Resume completes it, and a reload shows it completed", async ({ page }) => {
  const pg = new Playground(page);
  // Every interaction request the page makes, with the fault header it carried (if any).
  const calls: { method: string; url: string; fault: string | null }[] = [];
  const onRequest = async (req: Request) => {
    if (!/\/api\/backends\/[^/]+\/v1beta\/interactions/.test(req.url())) return;
    calls.push({ method: req.method(), url: req.url(), fault: await req.headerValue("x-engine-fault") });
  };
  page.on("request", (req) => void onRequest(req));

  await pg.goto();
  await expect(pg.backend).toHaveValue("local");
  const drop = page.getByRole("spinbutton", { name: "Drop stream after N events", exact: true });
  await expect(drop).toHaveValue("");
  // Engine only: the setting is not offered for Google's service.
  await pg.selectBackend("gemini");
  await expect(drop).toBeHidden();
  await pg.backend.selectOption("local");
  await expect(drop).toBeVisible();
  await drop.fill("6");
  await expect(drop).toHaveValue("6");
  const hint = page.getByText("Engine only: cuts the stream like a dropped connection, to try Resume.");
  await hint.scrollIntoViewIfNeeded();
  await expect(hint).toBeVisible();
  // The prompt box says what the next send will do.
  await expect(page.getByText(/the stream will be cut after 6 events/)).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/resume-setting.png` });

  await pg.ask("Write 200 words about rivers.");
  const turn = pg.turn(1);
  await expect(turn.getByText(FLAG, { exact: true })).toBeVisible();
  await expect(pg.status(1)).not.toHaveText("completed");
  const resume = turn.getByRole("button", { name: "Resume", exact: true });
  await expect(resume).toBeVisible();
  const outputs = turn.getByRole("region", { name: "Model output", exact: true });
  const atDrop = (await outputs.count()) ? (await pg.output(1).innerText()).length : 0;
  await page.screenshot({ path: `${SHOTS}/resume-flagged-turn.png` });

  const create = calls.find((c) => c.method === "POST");
  expect(create?.fault, "the streamed create carries the fault switch").toBe("drop-after=6");

  await resume.click();
  await pg.expectStatus(1, "completed");
  await expect(turn.getByText(FLAG, { exact: true })).toBeHidden();
  await expect(resume).toBeHidden();
  const finalText = await pg.output(1).innerText();
  expect(finalText.length, `text at the drop: ${atDrop} chars`).toBeGreaterThan(atDrop);
  expect(finalText.split(/\s+/).length).toBeGreaterThan(150);

  const resumed = calls.filter((c) => c.method === "GET" && /[?&]last_event_id=/.test(c.url));
  expect(resumed.length, "Resume sends GET ?stream=true&last_event_id=…").toBeGreaterThanOrEqual(1);
  expect(resumed.map((c) => c.fault), "Resume does not send the fault switch").toEqual(resumed.map(() => null));

  // From the record after a reload: still completed, same text, nothing flagged; the setting persisted.
  const squash = (t: string) => t.replace(/\s+/g, " ").trim();
  await page.reload();
  await expect(pg.turn(1)).toBeVisible();
  await pg.expectStatus(1, "completed");
  await expect.poll(async () => squash(await pg.output(1).innerText())).toBe(squash(finalText));
  await expect(pg.turn(1).getByText(FLAG, { exact: true })).toBeHidden();
  await expect(pg.turn(1).getByRole("button", { name: "Resume", exact: true })).toBeHidden();
  await expect(drop).toHaveValue("6");

  // Clear the setting: the next turn streams to its end and carries no fault header.
  await drop.fill("");
  await expect(drop).toHaveValue("");
  await expect(page.getByText(/the stream will be cut after/)).toBeHidden();
  const before = calls.length;
  await pg.ask("Tell me about deltas in two sentences.");
  await pg.expectStatus(2, "completed");
  await expect(pg.turn(2).getByText(FLAG, { exact: true })).toBeHidden();
  const second = calls.slice(before).find((c) => c.method === "POST");
  expect(second, "the second create was seen").toBeDefined();
  expect(second?.fault).toBeNull();
});
