// An environment's `network` allowlist, end to end with the official @google/genai client on the
// in-process engine and the real sandbox: offline by default; with an allowlist naming a stand-in
// (a loopback server mapped by the test-only ENGINE_EGRESS_TEST_LOOPBACK_HOSTS) an agent turn's
// fenced Python fetches it; other domains are refused by the egress proxy; a host loopback service
// (another listener) is never reachable, and naming it by IP is a 400 at create.
import { GoogleGenAI } from "@google/genai";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Step } from "@/lib/interactions/types";
import { createEngine, type Engine } from "../engine";
import { sandboxStatus } from "../sandbox";

const status = await sandboxStatus();
const skipReason = status.available && status.python ? "" : ` (SKIPPED: ${status.reason ?? "no /usr/bin/python3"})`;
const STAND_IN = "api.stand-in.test";

let engine: Engine;
let ai: GoogleGenAI;
let standIn: http.Server;
let hostService: http.Server;
let hostPort = 0;
const standInHits: string[] = [];
const hostHits: string[] = [];

async function listen(server: http.Server): Promise<number> {
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return (server.address() as AddressInfo).port;
}

beforeAll(async () => {
  standIn = http.createServer((req, res) => {
    standInHits.push(`${req.method} ${req.headers.host} ${req.url}`);
    res.end(`stand-in body for ${req.url}`);
  });
  hostService = http.createServer((req, res) => {
    hostHits.push(`${req.method} ${req.url}`);
    res.end("HOST SERVICE SECRET");
  });
  const standInPort = await listen(standIn);
  hostPort = await listen(hostService);
  process.env.ENGINE_EGRESS_TEST_LOOPBACK_HOSTS = `${STAND_IN}=127.0.0.1:${standInPort}`;
});
afterAll(async () => {
  delete process.env.ENGINE_EGRESS_TEST_LOOPBACK_HOSTS;
  await Promise.all([standIn, hostService].map((s) => new Promise<void>((r) => s.close(() => r()))));
});
beforeEach(() => {
  engine = createEngine({ dbPath: ":memory:", paceMs: 0 });
  ai = new GoogleGenAI({
    apiKey: "local",
    apiVersion: "v1beta",
    httpOptions: { baseUrl: "http://engine.local", fetch: (input, init) => engine.fetch(new Request(input as RequestInfo, init)) },
  });
  standInHits.length = 0;
  hostHits.length = 0;
});
afterEach(() => engine.close());

const PROBE = (hostPortNum: number) =>
  [
    "```python",
    "import urllib.request",
    "for u in ['http://" + STAND_IN + "/data.json', 'http://other.example.org/', 'http://127.0.0.1:" + hostPortNum + "/direct']:",
    "    try:",
    "        print('OK', u, urllib.request.urlopen(u, timeout=4).read().decode())",
    "    except Exception as e:",
    "        print('FAIL', u, e)",
    "```",
  ].join("\n");

async function run(environment: string): Promise<string> {
  const it = await ai.interactions.create({ agent: "local-sim-agent", input: PROBE(hostPort), environment } as Parameters<typeof ai.interactions.create>[0]);
  const steps = ((it as unknown as { steps?: Step[] }).steps ?? []).filter((s) => s.type === "code_execution_result");
  expect(steps.length).toBeGreaterThan(0); // the fenced block first, then the simulated agent's own code
  return String(steps[0]!.result);
}

async function rejected(p: Promise<unknown>): Promise<{ status?: number; message: string }> {
  try {
    await p;
  } catch (e) {
    return { status: (e as { status?: number }).status, message: (e as Error).message };
  }
  throw new Error("expected a refusal");
}

describe("environment network settings", () => {
  it("validates with the sandbox's rules, stores, echoes on get/list, and a fork inherits", async () => {
    const env = await ai.environments.create({ network: { allowlist: [{ domain: "API.Example.com" }, { domain: "*.googleapis.com" }] } });
    const want = { allowlist: [{ domain: "api.example.com" }, { domain: "*.googleapis.com" }] };
    expect(env.network).toEqual(want);
    expect((await ai.environments.get(env.id!)).network).toEqual(want);
    expect((await ai.environments.list()).environments?.find((e) => e.id === env.id)?.network).toEqual(want);
    const fork = await ai.environments.create({ from_environment: `environments/${env.id}` });
    expect(fork.network).toEqual(want);
    const closed = await ai.environments.create({ from_environment: env.id!, network: "disabled" });
    expect(closed.network).toBe("disabled");
    expect((await ai.environments.create({})).network).toBe("disabled");
    expect((await ai.environments.create({ network: { allowlist: "disabled" } })).network).toBe("disabled");

    const cases: [unknown, RegExp][] = [
      [{ allowlist: [{ domain: "127.0.0.1" }] }, /allowlist\[0\]\.domain'.*IP address/],
      [{ allowlist: [{ domain: "ok.example.com" }, { domain: "[::1]" }] }, /allowlist\[1\]\.domain'.*IP address/],
      [{ allowlist: [{ domain: "*" }] }, /would allow every domain/],
      [{ allowlist: [{ domain: "*.com" }] }, /whole top-level domain/],
      [{ allowlist: [{ domain: "https://api.example.com/x" }] }, /not a domain name/],
      [{ allowlist: [{ domain: "localhost" }] }, /localhost is never reachable/],
      [{ allowlist: [{ domain: "a.example.com", transform: { authorization: "x" } }] }, /does not inject headers/],
      [{ allowlist: [{ domain: "a.example.com", credential: "c1" }] }, /credential references/],
      [{ allowlist: Array.from({ length: 101 }, (_, i) => ({ domain: `d${i}.example.com` })) }, /more than 100 entries/],
      ["open", /'network': .*open.*use .*disabled/],
      [{ allowlist: [{ host: "a.example.com" }] }, /network/],
    ];
    for (const [network, re] of cases) {
      const r = await rejected(ai.environments.create({ network } as Parameters<typeof ai.environments.create>[0]));
      expect(r.status, JSON.stringify(network).slice(0, 80)).toBe(400);
      expect(r.message).toMatch(re);
    }
    // An inline environment on an interaction takes the same shape and the same rules.
    const bad = await rejected(
      ai.interactions.create({ agent: "local-sim-agent", input: "x", environment: { type: "remote", network: { allowlist: [{ domain: "10.1.2.3" }] } } } as Parameters<typeof ai.interactions.create>[0]),
    );
    expect(bad.status).toBe(400);
    expect(bad.message).toMatch(/allowlist\[0\]\.domain'.*IP address/);
  });
});

describe.skipIf(!!skipReason)(`agent runs in an environment with a network allowlist${skipReason}`, () => {
  it("no allowlist: the stand-in is unreachable", async () => {
    const env = await ai.environments.create({});
    const out = await run(env.id!);
    expect(out).toMatch(new RegExp(`^FAIL http://${STAND_IN.replace(/\./g, "\\.")}/data\\.json`, "m"));
    expect(out).not.toMatch(/^OK /m);
    expect(standInHits).toEqual([]);
    expect(hostHits).toEqual([]);
  }, 30_000);

  it("allowlisted stand-in: its real body in code_execution_result; other domains and host loopback refused", async () => {
    const env = await ai.environments.create({ network: { allowlist: [{ domain: STAND_IN }] } });
    const out = await run(env.id!);
    expect(out).toContain(`OK http://${STAND_IN}/data.json stand-in body for /data.json`);
    expect(out).toMatch(/^FAIL http:\/\/other\.example\.org\/ .*403/m);
    // Direct (no_proxy for an IP): the sandbox's own empty loopback; through the proxy: refused.
    expect(out).toMatch(new RegExp(`^FAIL http://127\\.0\\.0\\.1:${hostPort}/direct .*(403|Connection refused)`, "m"));
    expect(out).not.toContain("HOST SERVICE SECRET");
    expect(standInHits).toEqual([`GET ${STAND_IN} /data.json`]);
    expect(hostHits).toEqual([]);
    // A fork inherits the allowlist; an inline spec on a run takes it too.
    const fork = await ai.environments.create({ from_environment: env.id! });
    expect(await run(fork.id!)).toContain(`OK http://${STAND_IN}/data.json`);
    const inline = await ai.interactions.create({
      agent: "local-sim-agent",
      input: PROBE(hostPort),
      environment: { type: "remote", network: { allowlist: [{ domain: STAND_IN }] } },
    } as Parameters<typeof ai.interactions.create>[0]);
    const inlineOut = ((inline as unknown as { steps: Step[] }).steps.find((s) => s.type === "code_execution_result")?.result ?? "") as string;
    expect(inlineOut).toContain(`OK http://${STAND_IN}/data.json`);
    expect(hostHits).toEqual([]);
  }, 60_000);

  it("a host loopback service cannot be allowlisted by IP (400 at create)", async () => {
    const r = await rejected(ai.environments.create({ network: { allowlist: [{ domain: `127.0.0.1` }] } }));
    expect(r.status).toBe(400);
    expect(r.message).toMatch(/IP address/);
    expect(hostHits).toEqual([]);
  });

  it("a model run with code_execution stays offline", async () => {
    const res = await ai.interactions.create({ model: "gemini-3.5-flash", input: PROBE(hostPort), tools: [{ type: "code_execution" }] } as Parameters<typeof ai.interactions.create>[0]);
    const out = ((res as unknown as { steps: Step[] }).steps.find((s) => s.type === "code_execution_result")?.result ?? "") as string;
    expect(out).toMatch(/^FAIL http:\/\/api\.stand-in\.test/m);
    expect(out).not.toMatch(/^OK /m);
    expect(standInHits).toEqual([]);
  }, 30_000);
});
