// url_context: fetch each URL the input names, for real, through the egress policy, and extract
// the page's readable text (Mozilla Readability over a linkedom DOM; plain text and JSON as they
// are). Each URL gets a url_context_result entry: success, error (with a reason) or unsafe (an
// address the policy refuses: cloud metadata, link-local, private ranges).
import { Readability } from "@mozilla/readability";
import { parseHTML } from "linkedom";
import { findUrls } from "@/lib/engine/simulator/extract";
import { defaultToolEgress, EgressError, egressFetchBytes, type EgressOptions } from "./egress";

/** URLs read per turn (the live API's documented limit is 20 per request). */
export const MAX_URLS = 20;
/** Largest page read; a bigger one is an error entry. */
export const MAX_PAGE_BYTES = 10 * 1024 * 1024;
const TIMEOUT_MS = 10_000;

export interface UrlReading {
  url: string;
  status: "success" | "error" | "unsafe";
  reason?: string;
  title?: string;
  /** The readable text (never on the wire: what the answer is written from). */
  text?: string;
}

/** The http(s) URLs the text names (the simulator's own extractor), in order, deduplicated. */
export function urlsInText(text: string): string[] {
  return [...new Set(findUrls(text))];
}

function readableText(html: string, url: string): { title?: string; text: string } {
  const { document } = parseHTML(html);
  let title: string | undefined = document.title?.trim() || undefined;
  let text = "";
  try {
    const article = new Readability(document as unknown as Document, { charThreshold: 0 }).parse();
    if (article) {
      title = article.title?.trim() || title;
      text = article.textContent ?? "";
    }
  } catch {
    /* not an article: fall back to the body's text below */
  }
  if (!text.trim()) {
    const { document: fresh } = parseHTML(html);
    for (const el of fresh.querySelectorAll("script, style, noscript, template")) el.remove();
    text = fresh.body?.textContent ?? fresh.documentElement?.textContent ?? "";
  }
  void url;
  return { title, text: text.replace(/[ \t\f\v\r]+/g, " ").replace(/\s*\n\s*/g, "\n").trim() };
}

function describeEgress(e: EgressError): UrlReading["status"] {
  return e.code === "refused" ? "unsafe" : "error";
}

export async function readUrl(url: string, opts: { egress?: EgressOptions; signal?: AbortSignal } = {}): Promise<UrlReading> {
  try {
    const res = await egressFetchBytes(url, {
      headers: { accept: "text/html,application/xhtml+xml,text/plain;q=0.9,application/json;q=0.8,*/*;q=0.1", "user-agent": "interactions-playground-engine url_context" },
      signal: opts.signal,
      egress: { timeoutMs: TIMEOUT_MS, maxBytes: MAX_PAGE_BYTES, maxRedirects: 5, ...(opts.egress ?? defaultToolEgress()) },
    });
    if (res.status < 200 || res.status >= 300) return { url, status: "error", reason: `the server answered HTTP ${res.status}` };
    const type = (res.headers.get("content-type") ?? "").toLowerCase();
    const body = new TextDecoder().decode(res.body);
    if (type.includes("html") || (!type && /^\s*</.test(body))) {
      const { title, text } = readableText(body, res.url);
      return { url, status: "success", ...(title ? { title } : {}), text };
    }
    if (type.startsWith("text/") || type.includes("json") || type.includes("xml")) return { url, status: "success", text: body.trim() };
    return { url, status: "error", reason: `unsupported content type ${type || "(none)"}: url_context on the engine reads HTML and text` };
  } catch (e) {
    if (e instanceof EgressError) return { url, status: describeEgress(e), reason: e.message };
    if (opts.signal?.aborted) throw e;
    return { url, status: "error", reason: e instanceof Error ? e.message : String(e) };
  }
}

/** Read the URLs (at most MAX_URLS, a few at a time). */
export async function readUrls(urls: string[], opts: { egress?: EgressOptions; signal?: AbortSignal } = {}): Promise<UrlReading[]> {
  const list = urls.slice(0, MAX_URLS);
  const out: UrlReading[] = new Array(list.length);
  let next = 0;
  const worker = async () => {
    while (next < list.length) {
      const i = next++;
      out[i] = await readUrl(list[i]!, opts);
    }
  };
  await Promise.all(Array.from({ length: Math.min(4, list.length) }, worker));
  return out;
}
