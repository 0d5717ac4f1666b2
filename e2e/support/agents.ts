// Helpers for the agent and environment specs: the configurator page, an agent task made of one
// fenced bash block (the local agents run it verbatim in the sandbox: docs/simulator.md), and a
// turn's environment browser.
import { expect, type Locator, type Page } from "@playwright/test";
import { appReady } from "./playground";

export async function openConfigurator(page: Page): Promise<void> {
  await page.goto("/configurator");
  await expect(page.getByRole("heading", { name: "Configurator", level: 1 })).toBeVisible({ timeout: 30_000 });
  await appReady(page);
}

export function agentTask(...lines: string[]): string {
  return ["Run this in the workspace.", "```bash", ...lines, "```"].join("\n");
}

/** Opens "Files of turn n" and returns the dialog. */
export async function openAgentFiles(page: Page, n: number): Promise<Locator> {
  await page.getByRole("article", { name: `Turn ${n}`, exact: true }).getByRole("button", { name: `Files of turn ${n}` }).click();
  const dialog = page.getByRole("dialog", { name: `Environment of turn ${n}` });
  await expect(dialog).toBeVisible({ timeout: 20_000 });
  return dialog;
}
