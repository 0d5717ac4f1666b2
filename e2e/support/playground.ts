// Page object for the session pane. Selects by role and accessible name only (the names are the
// UI's contract with these tests; see the e2e brief).
import { expect, type Locator, type Page } from "@playwright/test";

export const TERMINAL = ["completed", "requires_action", "cancelled", "failed", "incomplete"] as const;

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
  }

  turn(n: number): Locator {
    return this.page.getByRole("article", { name: `Turn ${n}`, exact: true });
  }

  turns(): Locator {
    return this.page.getByRole("article", { name: /^Turn \d+$/ });
  }

  /** The turn's status element: the UI marks it with an accessible name "Status". */
  status(n: number): Locator {
    return this.turn(n).getByRole("status", { name: "Status" });
  }

  async ask(text: string): Promise<void> {
    await this.prompt.fill(text);
    await expect(this.send).toBeEnabled();
    await this.send.click();
  }

  async expectStatus(n: number, status: string, timeout = 30_000): Promise<void> {
    await expect(this.status(n)).toHaveText(new RegExp(`\\b${status.replace("_", "[_ ]")}\\b`, "i"), { timeout });
  }

  /** Output text and status read back to back, so they describe (nearly) the same moment. */
  async snapshot(n: number): Promise<{ text: string; status: string }> {
    const text = await this.output(n).innerText();
    const status = await this.status(n).innerText();
    return { text, status };
  }

  /** Answer text of a turn: its model output region. */
  output(n: number): Locator {
    return this.turn(n).getByRole("region", { name: "Model output" });
  }
}
