// Pure builders behind the inspector's "Code" tab: from a recorded turn (the exact create body,
// its backend and API version), runnable snippets that send the same request again — TypeScript
// with the official @google/genai SDK, Python (google-genai, unverified here) and curl.
// Never a real key (always the GEMINI_API_KEY env var); `x-playground-*` internals are dropped;
// large base64 `data` fields (attachments) are shortened to "<base64, N bytes>".
// No React, no DOM: unit-tested in code-snippets.test.ts (the TypeScript output is type-checked
// with tsc and run against the embedded engine).

export type SnippetLanguage = "typescript" | "python" | "curl";
export const SNIPPET_LANGUAGES: readonly SnippetLanguage[] = ["typescript", "python", "curl"];

export interface SnippetSource {
  /** The exact JSON body sent to POST /{api_version}/interactions. */
  request: Record<string, unknown>;
  backend: string;
  api_version: string;
  /** The playground's origin (window.location.origin): the local engine is mounted at `<origin>/engine`. */
  origin: string;
}

export const GEMINI_BASE_URL = "https://generativelanguage.googleapis.com";
/** base64 strings longer than this (in characters) are shortened in snippets. */
export const MAX_INLINE_BASE64 = 256;

const INTERNAL_KEY = /^x-playground-/i;

export interface PreparedRequest {
  body: Record<string, unknown>;
  /** How many `data` fields were shortened. */
  shortened: number;
}

/** Decoded size of a base64 string. */
export function base64Bytes(b64: string): number {
  const s = b64.replace(/\s+/g, "");
  const pad = s.endsWith("==") ? 2 : s.endsWith("=") ? 1 : 0;
  return Math.max(0, Math.floor((s.length * 3) / 4) - pad);
}

/** Copy of the request without playground internals, with large base64 `data` shortened. */
export function prepareRequest(request: Record<string, unknown>): PreparedRequest {
  let shortened = 0;
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk);
    if (!v || typeof v !== "object") return v;
    const out: Record<string, unknown> = {};
    for (const [k, val] of Object.entries(v as Record<string, unknown>)) {
      if (INTERNAL_KEY.test(k)) continue;
      if (k === "data" && typeof val === "string" && val.length > MAX_INLINE_BASE64) {
        out[k] = `<base64, ${base64Bytes(val)} bytes>`;
        shortened++;
      } else out[k] = walk(val);
    }
    return out;
  };
  const body = walk(request) as Record<string, unknown>;
  return { body, shortened };
}

/** Where the backend's Interactions API lives (without the version segment). */
export function baseUrlFor(backend: string, origin: string): string {
  if (backend === "gemini") return GEMINI_BASE_URL;
  // The openai engine and Vertex AI are reachable only through the proxy (which holds the key or token).
  return `${origin.replace(/\/+$/, "")}${backend === "openai" || backend === "vertex" ? `/api/backends/${backend}` : "/engine"}`;
}

function versionOf(v: string): string {
  const s = v.trim().replace(/^\/+|\/+$/g, "");
  return /^[A-Za-z0-9._-]+$/.test(s) ? s : "v1beta";
}

const isLocal = (backend: string) => backend !== "gemini";

// ---------------------------------------------------------------------------------------------
// JSON → Python literal

const PY_INDENT = "    ";

/**
 * A Python literal for a JSON value: dicts, lists, str (JSON string escapes are valid Python),
 * int/float, True/False/None. Pretty-printed with 4-space indents.
 */
export function toPythonLiteral(value: unknown, indent = ""): string {
  if (value === null || value === undefined) return "None";
  if (value === true) return "True";
  if (value === false) return "False";
  if (typeof value === "number") {
    if (!Number.isFinite(value)) return Number.isNaN(value) ? 'float("nan")' : value > 0 ? 'float("inf")' : '-float("inf")';
    return JSON.stringify(value);
  }
  if (typeof value === "string") return JSON.stringify(value);
  const inner = indent + PY_INDENT;
  if (Array.isArray(value)) {
    if (!value.length) return "[]";
    return `[\n${value.map((v) => inner + toPythonLiteral(v, inner)).join(",\n")},\n${indent}]`;
  }
  if (typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    if (!entries.length) return "{}";
    return `{\n${entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${toPythonLiteral(v, inner)}`).join(",\n")},\n${indent}}`;
  }
  return "None";
}

// ---------------------------------------------------------------------------------------------
// Snippets

function shortenedNote(n: number, comment: "//" | "#"): string[] {
  if (!n) return [];
  return [
    `${comment} ${n} attachment ${n === 1 ? "field was" : "fields were"} shortened to "<base64, N bytes>":`,
    `${comment} put the file's base64 back in "data" before running.`,
  ];
}

export function typescriptSnippet(src: SnippetSource): string {
  const { body, shortened } = prepareRequest(src.request);
  const v = versionOf(src.api_version);
  const json = JSON.stringify(body, null, 2);
  const lines: string[] = [`import { GoogleGenAI } from "@google/genai";`, ""];
  if (isLocal(src.backend)) {
    lines.push(
      "// The playground's embedded engine (no key needed).",
      `const ai = new GoogleGenAI({ apiKey: "local", httpOptions: { baseUrl: ${JSON.stringify(baseUrlFor(src.backend, src.origin))}, apiVersion: ${JSON.stringify(v)} } });`,
    );
  } else {
    lines.push(`const ai = new GoogleGenAI({ apiKey: process.env.GEMINI_API_KEY, httpOptions: { apiVersion: ${JSON.stringify(v)} } });`);
  }
  lines.push("", ...shortenedNote(shortened, "//"));
  if (body.stream === true) {
    lines.push(
      `const stream = await ai.interactions.create(${json});`,
      "",
      "for await (const ev of stream) {",
      '  if (ev.event_type === "step.delta" && ev.delta.type === "text") process.stdout.write(ev.delta.text);',
      '  else if (ev.event_type === "interaction.completed") console.log(`\\n[${ev.interaction.id}: ${ev.interaction.status}]`);',
      "}",
    );
  } else if (body.background === true) {
    lines.push(
      `let interaction = await ai.interactions.create(${json});`,
      "",
      "// Background run: poll until it leaves queued/in_progress.",
      'while (interaction.status === "queued" || interaction.status === "in_progress") {',
      "  await new Promise((resolve) => setTimeout(resolve, 2000));",
      "  interaction = await ai.interactions.get(interaction.id);",
      "}",
      "console.log(interaction.status);",
      "console.log(interaction.output_text);",
    );
  } else {
    lines.push(`const interaction = await ai.interactions.create(${json});`, "", "console.log(interaction.output_text);");
  }
  return lines.join("\n") + "\n";
}

export function pythonSnippet(src: SnippetSource): string {
  const { body, shortened } = prepareRequest(src.request);
  const v = versionOf(src.api_version);
  const lines: string[] = [
    "# Unverified: the google-genai Python SDK is not installable where this playground is tested.",
    ...(body.background === true && body.stream !== true ? ["import time"] : []),
    ...(isLocal(src.backend) ? [] : ["import os"]),
    "from google import genai",
    "",
  ];
  if (isLocal(src.backend)) {
    lines.push(
      "# The playground's embedded engine (no key needed).",
      `client = genai.Client(api_key="local", http_options={"base_url": ${JSON.stringify(baseUrlFor(src.backend, src.origin))}, "api_version": ${JSON.stringify(v)}})`,
    );
  } else {
    lines.push(`client = genai.Client(api_key=os.environ["GEMINI_API_KEY"], http_options={"api_version": ${JSON.stringify(v)}})`);
  }
  lines.push("", ...shortenedNote(shortened, "#"), `request = ${toPythonLiteral(body)}`, "");
  if (body.stream === true) {
    lines.push(
      "for ev in client.interactions.create(**request):",
      '    if ev.event_type == "step.delta" and ev.delta.type == "text":',
      '        print(ev.delta.text, end="", flush=True)',
      "print()",
    );
  } else if (body.background === true) {
    lines.push(
      "interaction = client.interactions.create(**request)",
      "# Background run: poll until it leaves queued/in_progress.",
      'while interaction.status in ("queued", "in_progress"):',
      "    time.sleep(2)",
      "    interaction = client.interactions.get(interaction.id)",
      "print(interaction.status)",
      "print(interaction.output_text)",
    );
  } else {
    lines.push("interaction = client.interactions.create(**request)", "print(interaction.output_text)");
  }
  return lines.join("\n") + "\n";
}

export function curlSnippet(src: SnippetSource): string {
  const { body, shortened } = prepareRequest(src.request);
  const v = versionOf(src.api_version);
  const url = `${baseUrlFor(src.backend, src.origin)}/${v}/interactions`;
  const stream = body.stream === true;
  const lines: string[] = [];
  if (isLocal(src.backend)) lines.push("# The playground's embedded engine (no key needed).");
  lines.push(...shortenedNote(shortened, "#"));
  lines.push(`curl -sS${stream ? " -N" : ""} -X POST "${url}" \\`, '  -H "Content-Type: application/json" \\');
  if (stream) lines.push('  -H "Accept: text/event-stream" \\');
  if (!isLocal(src.backend)) lines.push('  -H "x-goog-api-key: $GEMINI_API_KEY" \\');
  lines.push("  -d @- <<'JSON'", JSON.stringify(body, null, 2), "JSON");
  if (body.background === true && !stream) {
    lines.push(
      "",
      "# Background run: poll with the returned id until status is no longer queued/in_progress.",
      `curl -sS "${url}/INTERACTION_ID"${isLocal(src.backend) ? "" : ' -H "x-goog-api-key: $GEMINI_API_KEY"'}`,
    );
  }
  return lines.join("\n") + "\n";
}

export function buildSnippet(lang: SnippetLanguage, src: SnippetSource): string {
  switch (lang) {
    case "typescript":
      return typescriptSnippet(src);
    case "python":
      return pythonSnippet(src);
    case "curl":
      return curlSnippet(src);
  }
}

/** Monaco language id for each snippet language. */
export const MONACO_LANGUAGE: Record<SnippetLanguage, string> = { typescript: "typescript", python: "python", curl: "shell" };
export const SNIPPET_LABEL: Record<SnippetLanguage, string> = { typescript: "TypeScript", python: "Python", curl: "curl" };
