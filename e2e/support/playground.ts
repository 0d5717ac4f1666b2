// Page object for the session pane. Selects by role and accessible name only (the names are the
// UI's contract with these tests; see the e2e brief).
import { expect, type Locator, type Page } from "@playwright/test";

export const TERMINAL = ["completed", "requires_action", "cancelled", "failed", "incomplete"] as const;

/**
 * Wait until the app unlocks its controls (app/providers.tsx: hydrated, saved settings read back).
 * Actions that skip Playwright's enabled check (`force: true` on sr-only switches) need this.
 */
export async function appReady(page: Page): Promise<void> {
  await expect(page.locator('fieldset[data-ready="true"]')).toBeAttached({ timeout: 30_000 });
}

export class Playground {
  readonly prompt: Locator;
  readonly send: Locator;
  readonly stop: Locator;
  readonly newSession: Locator;
  readonly backend: Locator;
  readonly search: Locator;

  constructor(readonly page: Page) {
    this.prompt = page.getByRole("textbox", { name: "Prompt", exact: true });
    this.send = page.getByRole("button", { name: "Send", exact: true });
    this.stop = page.getByRole("button", { name: "Stop", exact: true });
    this.newSession = page.getByRole("button", { name: "New session", exact: true });
    this.backend = page.getByRole("combobox", { name: "Backend", exact: true });
    this.search = page.getByRole("searchbox", { name: "Search sessions", exact: true });
  }

  async goto(path = "/"): Promise<void> {
    await this.page.goto(path);
    await expect(this.prompt).toBeVisible();
    await expect(this.prompt).toBeEditable();
    await appReady(this.page);
  }

  /**
   * Choose a backend and wait until the app's state has it (a health dot names it). The select is
   * disabled until the app is ready (app/providers.tsx), so the choice can no longer be undone by
   * hydration; selectOption waits for it to be enabled.
   */
  async selectBackend(id: string): Promise<void> {
    await this.backend.selectOption(id);
    await expect(this.page.getByRole("img", { name: new RegExp(`^Backend ${id} `) }).first()).toBeVisible();
  }

  turn(n: number): Locator {
    return this.page.getByRole("article", { name: `Turn ${n}`, exact: true });
  }

  turns(): Locator {
    return this.page.getByRole("article", { name: /^Turn \d+$/ });
  }

  /** The turn's status: the first live "status" element in its header (text = the status). */
  status(n: number): Locator {
    return this.turn(n).getByRole("status").first();
  }

  async ask(text: string): Promise<void> {
    await this.prompt.fill(text);
    await expect(this.send).toBeEnabled();
    await this.send.click();
  }

  async expectStatus(n: number, status: string, timeout = 30_000): Promise<void> {
    await expect(this.status(n)).toHaveText(status, { timeout });
  }

  /**
   * Start sampling turn `n` from inside the page every `everyMs` (before the turn even exists):
   * the length of its last model output text and its status text. Sampling in the page means a
   * slow test runner cannot miss a short stream. Read the samples with `turnSamples`.
   */
  async startSampling(n: number, everyMs = 25): Promise<void> {
    await this.page.evaluate(
      ({ n, everyMs, terminal }) => {
        type Sample = { t: number; text: number; status: string };
        const w = window as unknown as { __turnSamples?: Record<number, Sample[]> };
        const samples: Sample[] = [];
        (w.__turnSamples ??= {})[n] = samples;
        const t0 = performance.now();
        const timer = setInterval(() => {
          const article = document.querySelector<HTMLElement>(`article[aria-label="Turn ${n}"]`);
          if (!article) return;
          const regions = article.querySelectorAll<HTMLElement>('[aria-label="Model output"]');
          const status = article.querySelector('[role="status"]')?.textContent?.trim() ?? "";
          samples.push({ t: Math.round(performance.now() - t0), text: regions[regions.length - 1]?.innerText.length ?? 0, status });
          if (terminal.includes(status) || samples.length > 4000) clearInterval(timer);
        }, everyMs);
      },
      { n, everyMs, terminal: [...TERMINAL] as string[] },
    );
  }

  /** Samples taken since `startSampling(n)`, once the turn reached a terminal status. */
  async turnSamples(n: number): Promise<{ t: number; text: number; status: string }[]> {
    const read = () =>
      this.page.evaluate(
        (n) => (window as unknown as { __turnSamples?: Record<number, { t: number; text: number; status: string }[]> }).__turnSamples?.[n] ?? [],
        n,
      );
    await expect.poll(async () => (await read()).at(-1)?.status, { timeout: 30_000 }).toMatch(new RegExp(`^(${TERMINAL.join("|")})$`));
    return read();
  }

  /** The Tools JSON editor's input (Monaco's textarea, named by its ariaLabel). */
  async toolsEditor(): Promise<Locator> {
    const box = this.page.getByRole("textbox", { name: "Tools JSON" });
    // Monaco mounts only once its box is on screen: bring the Tools section into view first.
    if ((await box.count()) === 0) {
      await this.page.getByRole("status", { name: /^Tools JSON:/ }).first().scrollIntoViewIfNeeded();
    }
    await expect(box).toBeAttached({ timeout: 20_000 });
    return box;
  }

  /** Replace the Tools JSON with `json` (insertText: one input event, no auto-closing brackets). */
  async setToolsJson(json: string): Promise<void> {
    const box = await this.toolsEditor();
    await box.focus();
    await this.page.keyboard.press("ControlOrMeta+A");
    await this.page.keyboard.press("Delete");
    await this.page.keyboard.insertText(json);
    // Read it back from the rendered lines (short JSON only: Monaco renders the visible lines).
    const lines = this.page.locator(".monaco-editor").filter({ has: box }).locator(".view-lines");
    const squash = (s: string) => s.replace(/[\s\u00a0]+/g, "");
    await expect.poll(async () => squash(await lines.innerText())).toBe(squash(json));
  }

  /** Switch the colour theme the way a user would. */
  async setTheme(theme: "light" | "dark"): Promise<void> {
    await this.page.emulateMedia({ colorScheme: theme });
    const toggle = this.page.getByRole("button", { name: /theme/i });
    if (await toggle.count()) {
      for (let i = 0; i < 3; i++) {
        const dark = await this.page.evaluate(() => document.documentElement.classList.contains("dark"));
        if (dark === (theme === "dark")) break;
        await toggle.first().click();
      }
    }
    await expect
      .poll(() => this.page.evaluate(() => document.documentElement.classList.contains("dark")))
      .toBe(theme === "dark");
  }

  /** The function-result form of a turn that ended requires_action. */
  resultForm(n: number): Locator {
    return this.turn(n).getByRole("form", { name: "Function results" });
  }

  /** Answer text of a turn: its model output region. */
  output(n: number): Locator {
    return this.turn(n).getByRole("region", { name: "Model output", exact: true }).last();
  }
}
