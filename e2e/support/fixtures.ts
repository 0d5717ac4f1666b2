// Shared e2e fixtures.
// - `blockedRequests` (auto): aborts every request the page makes to a non-loopback host and fails the
//   test if there was any — the playground must work with no network (Monaco included).
// - `seen` (auto): everything the page received — response status, headers and bodies, plus the
//   text of every fetch() body it read (an init script tees streamed responses, so an SSE stream the
//   user stopped half-way is still captured). After each test: the canary key is in none of it.
import { test as base, expect, type Page, type Response } from "@playwright/test";
import { CANARY_KEY } from "./canary";

export interface SeenResponse {
  url: string;
  status: number;
  headers: Record<string, string>;
  body: string | null;
}

export interface Seen {
  responses: SeenResponse[];
  /** Text of fetch() response bodies as the page read them (teed in the page). */
  fetchBodies(): Promise<{ url: string; text: string }[]>;
  /** Wait for in-flight body reads, then return everything captured. */
  settle(): Promise<SeenResponse[]>;
}

const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]"]);

export function isLoopback(url: URL): boolean {
  return LOOPBACK.has(url.hostname) || url.protocol === "data:" || url.protocol === "blob:" || url.protocol === "about:";
}

// Runs in the page before any app script: keep a copy of every fetch body's text.
function teeFetchBodies() {
  const w = window as unknown as { __seenFetch?: { url: string; text: string }[] };
  w.__seenFetch = [];
  const orig = window.fetch.bind(window);
  window.fetch = async (...args: Parameters<typeof fetch>) => {
    const res = await orig(...args);
    try {
      const copy = res.clone();
      const entry = { url: res.url, text: "" };
      w.__seenFetch?.push(entry);
      const reader = copy.body?.getReader();
      if (reader) {
        const dec = new TextDecoder();
        void (async () => {
          try {
            for (;;) {
              const { value, done } = await reader.read();
              if (done) break;
              entry.text += dec.decode(value, { stream: true });
            }
          } catch {
            /* stream aborted (Stop): keep what arrived */
          }
        })();
      }
    } catch {
      /* opaque or already-used body */
    }
    return res;
  };
}

export const test = base.extend<{ blockedRequests: string[]; seen: Seen }>({
  blockedRequests: [
    async ({ page }, use) => {
      const blocked: string[] = [];
      // On the context, so requests from Monaco's web workers are covered too.
      await page.context().route(
        (url) => !isLoopback(url),
        (route) => {
          blocked.push(route.request().url());
          return route.abort("blockedbyclient");
        },
      );
      await use(blocked);
      expect(blocked, "requests to non-loopback hosts").toEqual([]);
    },
    { auto: true },
  ],
  seen: [
    async ({ page }, use) => {
      const responses: SeenResponse[] = [];
      const pending: Promise<void>[] = [];
      await page.addInitScript(teeFetchBodies);
      const onResponse = (res: Response) => {
        const entry: SeenResponse = { url: res.url(), status: res.status(), headers: {}, body: null };
        responses.push(entry);
        pending.push(
          (async () => {
            entry.headers = await res.allHeaders().catch(() => res.headers());
            // Redirects and aborted streams have no body to read.
            entry.body = await res.text().catch(() => null);
          })(),
        );
      };
      page.context().on("response", onResponse);
      const seen: Seen = {
        responses,
        fetchBodies: () => readFetchBodies(page),
        settle: async () => {
          await Promise.allSettled(pending);
          return responses;
        },
      };
      await use(seen);
      page.context().off("response", onResponse);
      await seen.settle();
      const bodies = await seen.fetchBodies();
      assertNoCanary(responses, bodies);
    },
    { auto: true },
  ],
});

async function readFetchBodies(page: Page): Promise<{ url: string; text: string }[]> {
  if (page.isClosed()) return [];
  return page
    .evaluate(() => (window as unknown as { __seenFetch?: { url: string; text: string }[] }).__seenFetch ?? [])
    .catch(() => []);
}

export function assertNoCanary(responses: SeenResponse[], fetchBodies: { url: string; text: string }[]): void {
  const hits: string[] = [];
  for (const r of responses) {
    for (const [k, v] of Object.entries(r.headers)) if (v.includes(CANARY_KEY) || k.includes(CANARY_KEY)) hits.push(`header ${k} of ${r.url}`);
    if (r.body?.includes(CANARY_KEY)) hits.push(`body of ${r.url}`);
    if (r.url.includes(CANARY_KEY)) hits.push(`url ${r.url}`);
  }
  for (const f of fetchBodies) if (f.text.includes(CANARY_KEY)) hits.push(`fetch body of ${f.url}`);
  expect(hits, "places the page saw the canary key").toEqual([]);
}

export { expect };
