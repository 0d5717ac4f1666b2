// How every browser run here launches Chromium (Debian's, toolchain.md A6): the Playwright config
// (playwright.config.ts) and the first-page bench (bench/web.ts) use these, so they measure and
// test the same browser the same way.
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--headless",
  "--disable-gpu",
  "--disable-dev-shm-usage",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];
