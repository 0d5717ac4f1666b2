import { execFile, spawnSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { serve, type ServerType } from "@hono/node-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEngine, type Engine } from "@/lib/engine/engine";
import {
  MAX_INLINE_BASE64,
  base64Bytes,
  baseUrlFor,
  buildSnippet,
  curlSnippet,
  prepareRequest,
  pythonSnippet,
  toPythonLiteral,
  typescriptSnippet,
  type SnippetSource,
} from "./code-snippets";

const run = promisify(execFile);
const ORIGIN = "http://127.0.0.1:3000";
const SMALL_PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";
const BIG_DATA = Buffer.alloc(3000, 7).toString("base64"); // 3,000 bytes → 4,000 base64 chars

const input = (text: string, extra: Record<string, unknown>[] = []) => [{ type: "user_input", content: [{ type: "text", text }, ...extra] }];

const REQUESTS = {
  plain: { model: "gemini-3.5-flash", input: input("What is 6 times 7?"), store: true },
  streamed: { model: "gemini-3.5-flash", input: input("Explain tides in three sentences."), store: true, stream: true },
  background: { model: "gemini-3.5-flash", input: input("Say hello."), store: true, background: true },
  storeOff: {
    model: "gemini-3.5-flash",
    input: input("Remember: it's \"quoted\"\nand new-lined"),
    system_instruction: "Answer briefly.",
    generation_config: { max_output_tokens: 200, thinking_level: "low", stop_sequences: [] },
    store: false,
    "x-playground-session": "s_internal",
  },
  attachment: {
    model: "gemini-3.5-flash",
    input: input("Describe both images.", [
      { type: "image", mime_type: "image/png", data: SMALL_PNG },
      { type: "image", mime_type: "image/png", data: BIG_DATA },
    ]),
    store: true,
    stream: true,
  },
} satisfies Record<string, Record<string, unknown>>;
type Kind = keyof typeof REQUESTS;
const KINDS = Object.keys(REQUESTS) as Kind[];

const src = (kind: Kind, backend: "local" | "gemini" = "gemini", origin = ORIGIN): SnippetSource => ({
  request: REQUESTS[kind],
  backend,
  api_version: "v1beta",
  origin,
});

/** The request literal between `ai.interactions.create(` and the closing `});` (it is JSON). */
function tsRequestLiteral(snippet: string): Record<string, unknown> {
  const start = snippet.indexOf("ai.interactions.create(") + "ai.interactions.create(".length;
  const end = snippet.indexOf("\n});", start);
  expect(start).toBeGreaterThan(30);
  expect(end).toBeGreaterThan(start);
  return JSON.parse(snippet.slice(start, end + 2)) as Record<string, unknown>;
}

function curlBody(snippet: string): Record<string, unknown> {
  const m = /<<'JSON'\n([\s\S]*?)\nJSON\n/.exec(snippet);
  expect(m).not.toBeNull();
  return JSON.parse(m![1]!) as Record<string, unknown>;
}

const { ["x-playground-session"]: _internal, ...storeOffWire } = REQUESTS.storeOff;
void _internal;

describe("baseUrlFor", () => {
  it("sends openai and vertex through the proxy (which holds the key or token), local to /engine", () => {
    expect(baseUrlFor("vertex", "http://127.0.0.1:3000/")).toBe("http://127.0.0.1:3000/api/backends/vertex");
    expect(baseUrlFor("openai", "http://127.0.0.1:3000")).toBe("http://127.0.0.1:3000/api/backends/openai");
    expect(baseUrlFor("local", "http://127.0.0.1:3000")).toBe("http://127.0.0.1:3000/engine");
  });
});

describe("toPythonLiteral", () => {
  it("prints JSON scalars as Python", () => {
    expect(toPythonLiteral(true)).toBe("True");
    expect(toPythonLiteral(false)).toBe("False");
    expect(toPythonLiteral(null)).toBe("None");
    expect(toPythonLiteral(42)).toBe("42");
    expect(toPythonLiteral(-1.5e-7)).toBe("-1.5e-7");
    expect(toPythonLiteral('a "b"\n\\ é')).toBe('"a \\"b\\"\\n\\\\ é"');
    expect(toPythonLiteral([])).toBe("[]");
    expect(toPythonLiteral({})).toBe("{}");
  });

  it("pretty-prints nested dicts and lists with 4-space indents and trailing commas", () => {
    expect(toPythonLiteral({ a: [1, { b: null }], c: { d: false } })).toBe(
      ['{', '    "a": [', "        1,", "        {", '            "b": None,', "        },", "    ],", '    "c": {', '        "d": False,', "    },", "}"].join("\n"),
    );
  });

  it.skipIf(spawnSync("python3", ["--version"]).status !== 0)("round-trips through Python's own parser", () => {
    const value = { s: "tab\t \"q\" \u2028 \ud83d\ude00 \\ </script>", n: [0, -3, 2.5, 1e21], t: true, f: false, z: null, e: {}, l: [], "key with space": "x" };
    const py = `import ast, json, sys\nprint(json.dumps(ast.literal_eval(sys.stdin.read())))`;
    const out = spawnSync("python3", ["-c", py], { input: toPythonLiteral(value), encoding: "utf8" });
    expect(out.stderr).toBe("");
    expect(JSON.parse(out.stdout)).toEqual(value);
  });
});

describe("prepareRequest", () => {
  it("drops x-playground-* keys and shortens large base64 data only", () => {
    const { body, shortened } = prepareRequest(REQUESTS.attachment);
    expect(shortened).toBe(1);
    const content = (body.input as { content: { data?: string }[] }[])[0]!.content;
    expect(content[1]!.data).toBe(SMALL_PNG);
    expect(content[2]!.data).toBe("<base64, 3000 bytes>");
    expect(BIG_DATA.length).toBeGreaterThan(MAX_INLINE_BASE64);
    expect(prepareRequest(REQUESTS.storeOff).body).toEqual(storeOffWire);
    // The recorded request itself is never mutated.
    expect((REQUESTS.attachment.input[0]!.content[2] as { data: string }).data).toBe(BIG_DATA);
  });

  it("counts decoded bytes", () => {
    expect(base64Bytes("")).toBe(0);
    expect(base64Bytes("YQ==")).toBe(1);
    expect(base64Bytes("YWI=")).toBe(2);
    expect(base64Bytes("YWJj")).toBe(3);
    expect(base64Bytes(BIG_DATA)).toBe(3000);
  });
});

describe("TypeScript snippet", () => {
  it.each(KINDS)("%s: official SDK, the exact request, no key", (kind) => {
    const ts = typescriptSnippet(src(kind));
    expect(ts).toContain('import { GoogleGenAI } from "@google/genai";');
    expect(ts).toContain('new GoogleGenAI({ apiKey: process.env.GEMINI_API_KEY, httpOptions: { apiVersion: "v1beta" } })');
    expect(ts).toContain("ai.interactions.create(");
    expect(ts).not.toContain("x-playground");
    expect(ts).not.toContain(BIG_DATA);
    expect(tsRequestLiteral(ts)).toEqual(prepareRequest(REQUESTS[kind]).body);
    const streamed = kind === "streamed" || kind === "attachment";
    expect(ts.includes("for await (const ev of stream)")).toBe(streamed);
    expect(ts.includes('ev.event_type === "step.delta" && ev.delta.type === "text"')).toBe(streamed);
    expect(ts.includes("ai.interactions.get(interaction.id)")).toBe(kind === "background");
    expect(ts.includes("console.log(interaction.output_text)")).toBe(!streamed);
    expect(ts.includes('"<base64, 3000 bytes>"')).toBe(kind === "attachment");
    expect(ts.includes("// 1 attachment field was shortened")).toBe(kind === "attachment");
  });

  it("points the local backend at <origin>/engine with a placeholder key", () => {
    const ts = typescriptSnippet({ ...src("plain", "local"), origin: "http://localhost:4000/" });
    expect(ts).toContain('new GoogleGenAI({ apiKey: "local", httpOptions: { baseUrl: "http://localhost:4000/engine", apiVersion: "v1beta" } })');
    expect(ts).not.toContain("GEMINI_API_KEY");
  });

  it("type-checks with tsc --strict (one run over every variant)", async () => {
    const dir = resolve(".data/tmp-snippet-check");
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    try {
      const files: string[] = [];
      for (const kind of KINDS)
        for (const backend of ["local", "gemini"] as const) {
          const file = join(dir, `${kind}-${backend}.ts`);
          writeFileSync(file, typescriptSnippet(src(kind, backend)));
          files.push(file);
        }
      const args = ["tsc", "--noEmit", "--strict", "--module", "esnext", "--moduleResolution", "bundler", "--target", "es2022", "--skipLibCheck", ...files];
      const out = await run("npx", args, { encoding: "utf8" }).catch((e: { stdout?: string; stderr?: string }) => ({ stdout: e.stdout ?? "", stderr: e.stderr ?? "tsc failed" }));
      expect(`${out.stdout}${out.stderr}`).toBe("");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

describe("Python snippet", () => {
  it.each(KINDS)("%s: google-genai client, **request, unverified note", (kind) => {
    const py = pythonSnippet(src(kind));
    expect(py.startsWith("# Unverified")).toBe(true);
    expect(py).toContain("from google import genai");
    expect(py).toContain('genai.Client(api_key=os.environ["GEMINI_API_KEY"], http_options={"api_version": "v1beta"})');
    expect(py).toContain("client.interactions.create(**request)");
    expect(py).not.toContain("x-playground");
    expect(py).not.toContain(BIG_DATA);
    expect(py).not.toMatch(/: (true|false|null)\b/);
    const streamed = kind === "streamed" || kind === "attachment";
    expect(py.includes('"stream": True')).toBe(streamed);
    expect(py.includes('"store": False')).toBe(kind === "storeOff");
    expect(py.includes("for ev in client.interactions.create(**request):")).toBe(streamed);
    expect(py.includes("client.interactions.get(interaction.id)")).toBe(kind === "background");
    expect(py.includes("import time")).toBe(kind === "background");
    expect(py.includes('"<base64, 3000 bytes>"')).toBe(kind === "attachment");
  });

  it("uses the engine's base_url for the local backend", () => {
    const py = pythonSnippet(src("plain", "local"));
    expect(py).toContain('genai.Client(api_key="local", http_options={"base_url": "http://127.0.0.1:3000/engine", "api_version": "v1beta"})');
    expect(py).not.toContain("GEMINI_API_KEY");
    expect(py).not.toContain("import os");
  });

  it.skipIf(spawnSync("python3", ["--version"]).status !== 0)("is valid Python whose request literal equals the request", () => {
    for (const kind of KINDS) {
      const py = pythonSnippet(src(kind));
      const check = [
        "import ast, json, sys",
        "tree = ast.parse(sys.stdin.read())",
        "node = next(n for n in tree.body if isinstance(n, ast.Assign) and n.targets[0].id == 'request')",
        "print(json.dumps(ast.literal_eval(node.value)))",
      ].join("\n");
      const out = spawnSync("python3", ["-c", check], { input: py, encoding: "utf8" });
      expect(out.stderr, kind).toBe("");
      expect(JSON.parse(out.stdout)).toEqual(prepareRequest(REQUESTS[kind]).body);
    }
  });
});

describe("curl snippet", () => {
  it.each(KINDS)("%s: POST /v1beta/interactions with the key from the environment", (kind) => {
    const sh = curlSnippet(src(kind));
    const streamed = kind === "streamed" || kind === "attachment";
    expect(sh).toContain(`curl -sS${streamed ? " -N" : ""} -X POST "https://generativelanguage.googleapis.com/v1beta/interactions"`);
    expect(sh).toContain('-H "Content-Type: application/json"');
    expect(sh).toContain('-H "x-goog-api-key: $GEMINI_API_KEY"');
    expect(sh.includes('-H "Accept: text/event-stream"')).toBe(streamed);
    expect(sh).toContain("-d @- <<'JSON'");
    expect(sh).not.toContain("x-playground");
    expect(curlBody(sh)).toEqual(prepareRequest(REQUESTS[kind]).body);
    expect(sh.includes("INTERACTION_ID")).toBe(kind === "background");
    expect(sh.includes("# 1 attachment field was shortened")).toBe(kind === "attachment");
    expect(spawnSync("bash", ["-n"], { input: sh }).status).toBe(0);
  });

  it("targets <origin>/engine without a key header for the local backend", () => {
    const sh = curlSnippet(src("plain", "local"));
    expect(sh).toContain('curl -sS -X POST "http://127.0.0.1:3000/engine/v1beta/interactions"');
    expect(sh).not.toContain("x-goog-api-key");
  });

  it("buildSnippet dispatches by language", () => {
    expect(buildSnippet("typescript", src("plain"))).toBe(typescriptSnippet(src("plain")));
    expect(buildSnippet("python", src("plain"))).toBe(pythonSnippet(src("plain")));
    expect(buildSnippet("curl", src("plain"))).toBe(curlSnippet(src("plain")));
  });
});

describe("snippets against the embedded engine", () => {
  let engine: Engine;
  let server: ServerType;
  let origin = "";
  beforeAll(async () => {
    engine = createEngine({ dbPath: ":memory:", paceMs: 0, keepAliveMs: 0 });
    // The playground mounts the engine at /engine; do the same on a free loopback port.
    await new Promise<void>((ok) => {
      server = serve({ fetch: (req) => engine.fetch(req, { prefix: "/engine" }), port: 0, hostname: "127.0.0.1" }, () => ok());
    });
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((ok) => server?.close(ok));
    engine?.close();
  });

  it.each(["plain", "streamed", "background", "storeOff"] as const)("%s: the TypeScript request literal is accepted (200) in-process", async (kind) => {
    const body = tsRequestLiteral(typescriptSnippet(src(kind, "local", origin)));
    const res = await engine.fetch(
      new Request(`${origin}/engine/v1beta/interactions`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) }),
      { prefix: "/engine" },
    );
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(kind === "streamed" ? /text\/event-stream/ : /application\/json/);
    await res.text();
  });

  it("the generated TypeScript runs as written (tsx) and prints the answer", async () => {
    const dir = resolve(".data/tmp-snippet-run");
    mkdirSync(dir, { recursive: true });
    try {
      const outputs = await Promise.all(
        (["plain", "streamed", "background"] as const).map(async (kind) => {
          const file = join(dir, `${kind}.ts`);
          writeFileSync(file, typescriptSnippet(src(kind, "local", origin)));
          const { stdout } = await run("npx", ["tsx", file], { encoding: "utf8", timeout: 30_000 });
          return [kind, stdout] as const;
        }),
      );
      const out = Object.fromEntries(outputs);
      expect(out.plain).toMatch(/42/);
      expect(out.streamed!.length).toBeGreaterThan(40);
      expect(out.streamed).toMatch(/\[int_[^:]+: completed\]/);
      expect(out.background).toMatch(/^completed\n.+/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it("the curl snippet runs as written against the engine", async () => {
    // Async (not spawnSync): the engine answers on this process's event loop.
    const sh = curlSnippet(src("plain", "local", origin));
    const { stdout } = await run("bash", ["-c", sh], { encoding: "utf8", timeout: 15_000 });
    const inter = JSON.parse(stdout) as { status: string; model: string };
    expect(inter.status).toBe("completed");
    expect(inter.model).toBe("gemini-3.5-flash");
  });
});
