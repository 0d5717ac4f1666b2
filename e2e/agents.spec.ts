// A managed agent on the local engine writes a script and runs it, for real, in the sandbox: the
// steps stream into the session pane one by one, with the real output visible.
import { createHash } from "node:crypto";
import { expect, test } from "./support/fixtures";
import { Playground } from "./support/playground";
import { SHOTS } from "./support/screens";

const TASK = [
  "Write a script and run it.",
  "```python",
  "import hashlib",
  "src = \"import hashlib\\nprint('digest', hashlib.sha256(b'playground').hexdigest()[:16])\\n\"",
  "open('digest.py', 'w').write(src)",
  "print('wrote digest.py')",
  "```",
  "```bash",
  "python3 digest.py",
  "```",
].join("\n");

test.describe("managed agents", () => {
  test("an agent writes a script and runs it; the steps stream with the real output", async ({ page }) => {
    const pg = new Playground(page);
    await pg.goto();
    await page.getByRole("radiogroup", { name: "Run a model or an agent" }).getByRole("radio", { name: "agent" }).click();
    await page.getByRole("combobox", { name: "Agent" }).fill("local-sim-agent");

    // From inside the page: the status when the first code result appears, and whether the report
    // was already there (a stream shows steps as they happen; a batch would show them all at once).
    await page.evaluate(() => {
      const w = window as unknown as { __firstResult?: { status: string; hadReport: boolean } };
      const obs = new MutationObserver(() => {
        const article = document.querySelector('article[aria-label="Turn 1"]');
        if (!article || w.__firstResult) return;
        if (article.querySelector('[aria-label="Code execution result"]')) {
          const status = article.querySelector('[role="status"]')?.textContent?.trim() ?? "";
          w.__firstResult = { status, hadReport: (article.querySelector('[aria-label="Model output"]')?.textContent ?? "").includes("## Code runs") };
          obs.disconnect();
        }
      });
      obs.observe(document.body, { subtree: true, childList: true, characterData: true });
    });
    await pg.ask(TASK);

    const first = await page.waitForFunction(() => (window as unknown as { __firstResult?: unknown }).__firstResult, null, { timeout: 30_000 });
    const seen = (await first.jsonValue()) as { status: string; hadReport: boolean };
    expect(seen.status).not.toBe("completed");
    expect(seen.hadReport).toBe(false);

    await pg.expectStatus(1, "completed");
    const turn = pg.turn(1);
    const calls = turn.getByRole("region", { name: "Code execution call" });
    const results = turn.getByRole("region", { name: "Code execution result" });
    // The two task blocks, then the agent's own file listing and report scripts.
    await expect(calls).toHaveCount(4);
    await expect(results).toHaveCount(4);
    await expect(calls.nth(0)).toContainText("open('digest.py', 'w').write(src)");
    await expect(calls.nth(1)).toContainText("python3 digest.py");
    const digest = createHash("sha256").update("playground").digest("hex").slice(0, 16);
    await expect(results.nth(0)).toContainText("wrote digest.py");
    await expect(results.nth(1)).toContainText(`digest ${digest}`);
    await expect(results.nth(2)).toContainText("digest.py");
    await expect(results.nth(3)).toContainText(/wrote report\.md \(\d+ bytes\)/);
    await expect(pg.output(1)).toContainText(`digest ${digest}`);
    await expect(pg.output(1)).toContainText("saved as workspace/report.md");
    await results.nth(1).scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}/agent-runs-code.png`, fullPage: false });
  });
});
