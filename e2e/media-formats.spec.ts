// Multi-format structured output: image and audio formats make response_format an array. The local
// simulator says it cannot produce them and answers in text; through the loopback stand-in for
// Google's service (which answers an image/audio format with a fixed PNG / WAV) the turn renders
// the image and the audio and both download. Screenshots in test-results/screenshots/media-*.png.
import { expect, test } from "./support/fixtures";
import { Playground } from "./support/playground";
import { SHOTS } from "./support/screens";
import { openConfigurator } from "./support/agents";

test("image and audio formats: sent as an array; the simulator declines them; Gemini's media render and download", async ({ page }) => {
  test.slow();
  await openConfigurator(page);
  await page.getByRole("checkbox", { name: "Image output format" }).check({ force: true });
  await expect(page.getByText("The local simulator cannot produce image output")).toBeVisible();
  await page.getByRole("combobox", { name: "Aspect ratio" }).selectOption("16:9");
  await page.getByRole("checkbox", { name: "Audio output format" }).check({ force: true });
  await page.getByRole("combobox", { name: "Audio MIME type" }).selectOption("audio/wav");
  await expect(page.getByText("2 formats on: response_format is sent as an array.")).toBeVisible();
  const preview = page.getByRole("region", { name: "What every turn sends" });
  await expect(preview).toContainText('"aspect_ratio": "16:9"');
  await expect(preview).toContainText('"mime_type": "audio/wav"');
  await page.getByRole("region", { name: "Structured output" }).scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SHOTS}/media-formats.png` });

  await page.getByRole("link", { name: "Back to a session" }).click();
  const pg = new Playground(page);
  await expect(pg.prompt).toBeEditable();
  await pg.ask("Paint a lighthouse.");
  await pg.expectStatus(1, "completed");
  await expect(pg.turn(1)).toContainText("The simulator cannot produce image/audio output, so it answers in text.");

  await pg.backend.selectOption("gemini");
  await pg.ask("Paint a lighthouse.");
  await pg.expectStatus(2, "completed");
  const turn = pg.turn(2);
  await expect(turn.getByRole("img", { name: "Generated image/png" })).toBeVisible();
  await expect(turn.getByLabel("Audio audio/wav")).toBeAttached();
  const [png] = await Promise.all([page.waitForEvent("download"), turn.getByRole("link", { name: "Download image (image/png)" }).click()]);
  expect(png.suggestedFilename()).toBe("image.png");
  const { readFile } = await import("node:fs/promises");
  expect((await readFile((await png.path())!)).subarray(1, 4).toString("latin1")).toBe("PNG");
  const [wav] = await Promise.all([page.waitForEvent("download"), turn.getByRole("link", { name: "Download audio (audio/wav)" }).click()]);
  expect(wav.suggestedFilename()).toBe("audio.wav");
  const bytes = await readFile((await wav.path())!);
  expect(bytes.subarray(0, 4).toString("latin1")).toBe("RIFF");
  expect(bytes.length).toBe(44 + 1600);
  await turn.scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SHOTS}/media-output.png` });
});
