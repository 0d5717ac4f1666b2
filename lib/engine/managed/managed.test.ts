// Custom agents and environments in-process: CRUD and paging, sources, files (list/stat,
// download), the resumable upload with overwrite and extract, and bad input that must leave the
// workspace exactly as it was.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { createEngine, type Engine } from "../engine";
import { call } from "../testing";

const tmp = mkdtempSync(join(tmpdir(), "managed-test-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

let engine: Engine;
let now = new Date("2026-12-01T12:00:00Z");
beforeEach(() => {
  now = new Date("2026-12-01T12:00:00Z");
  engine = createEngine({ dbPath: ":memory:", paceMs: 0, now: () => now, environmentIdleTtlMs: 3_600_000, maxUploadBytes: 1024 * 1024, maxWorkspaceBytes: 2 * 1024 * 1024 });
});
afterEach(() => engine.close());

async function json(res: Response): Promise<Record<string, unknown>> {
  return (await res.json()) as Record<string, unknown>;
}

async function expectError(res: Response, status: number, message: RegExp): Promise<void> {
  const body = (await res.json()) as { error?: { message: string } };
  if (!message.test(body.error?.message ?? "")) console.log(res.status, body);
  expect([res.status, body.error?.message]).toEqual([status, expect.stringMatching(message)]);
}

async function newEnv(body: unknown = {}): Promise<string> {
  const res = await call(engine, "POST", "/v1beta/environments", { body });
  expect(res.status).toBe(200);
  return (await json(res)).id as string;
}

/** The SDK's upload: start (PUT), then chunks (POST to X-Goog-Upload-URL). */
async function upload(env: string, path: string, bytes: Buffer, query = "", chunk = bytes.length || 1): Promise<Response> {
  const start = await call(engine, "PUT", `/upload/v1beta/environments/${env}/files/${path}${query}`, {
    headers: { "x-goog-upload-protocol": "resumable", "x-goog-upload-command": "start", "x-goog-upload-header-content-length": String(bytes.length) },
  });
  if (start.status !== 200) return start;
  const url = start.headers.get("x-goog-upload-url");
  expect(url).toMatch(/^http:\/\/engine\.local\/upload\/v1beta\/environments\/.+upload_id=/);
  let res!: Response;
  for (let off = 0; off < bytes.length || off === 0; off += chunk) {
    const last = off + chunk >= bytes.length;
    res = await engine.fetch(
      new Request(url!, {
        method: "POST",
        headers: { "x-goog-upload-command": last ? "upload, finalize" : "upload", "x-goog-upload-offset": String(off) },
        body: new Uint8Array(bytes.subarray(off, off + chunk)),
      }),
    );
    if (last || res.status !== 200) break;
    expect(res.headers.get("x-goog-upload-status")).toBe("active");
  }
  return res;
}

async function listing(env: string, path = "workspace", query = "?recursive=true"): Promise<string[]> {
  const res = await call(engine, "GET", `/v1beta/environments/${env}/files/${path}${query}`);
  expect(res.status).toBe(200);
  return ((await json(res)).files as { path: string; type: string }[]).map((f) => `${f.type === "directory" ? "d" : "f"} ${f.path}`);
}

function pyZip(name: string, script: string): Buffer {
  const file = join(tmp, name);
  execFileSync("/usr/bin/python3", ["-c", `import zipfile,sys\nz=zipfile.ZipFile(sys.argv[1],'w',zipfile.ZIP_DEFLATED)\n${script}\nz.close()`, file]);
  return readFileSync(file);
}

describe("custom agents", () => {
  it("create, get, list paged after the built-ins, delete; ids are checked", async () => {
    const a = await json(await call(engine, "POST", "/v1/agents", { body: { id: "pirate-bot", base_agent: "deep-research-preview-04-2026", system_instruction: "You are a pirate.", agent_config: { type: "deep-research", thinking_summaries: "none" } } }));
    now = new Date(now.getTime() + 1000);
    expect(a).toMatchObject({ id: "pirate-bot", base_agent: "deep-research-preview-04-2026", system_instruction: "You are a pirate." });
    const b = await json(await call(engine, "POST", "/v1/agents", { body: { description: "no id given" } }));
    expect(b.id).toMatch(/^agent-[a-z0-9]{12}$/);
    expect(b.base_agent).toBe("local-sim-agent");
    expect(await json(await call(engine, "GET", "/v1/agents/pirate-bot"))).toEqual(a);

    const page1 = await json(await call(engine, "GET", "/v1/agents?page_size=1"));
    const ids1 = (page1.agents as { id: string }[]).map((x) => x.id);
    expect(ids1).toContain("local-sim-agent");
    expect(ids1.slice(-1)).toEqual(["pirate-bot"]);
    const page2 = await json(await call(engine, "GET", `/v1/agents?page_size=1&page_token=${page1.next_page_token as string}`));
    expect((page2.agents as { id: string }[]).map((x) => x.id)).toEqual([b.id]);
    expect(page2.next_page_token).toBeUndefined();

    await expectError(await call(engine, "POST", "/v1/agents", { body: { id: "pirate-bot" } }), 400, /already exists/);
    await expectError(await call(engine, "POST", "/v1/agents", { body: { id: "local-sim-agent" } }), 400, /built-in/);
    await expectError(await call(engine, "POST", "/v1/agents", { body: { id: "Bad Id" } }), 400, /agent ids/);
    await expectError(await call(engine, "POST", "/v1/agents", { body: { base_agent: "gemini-3.5-flash" } }), 400, /base_agent/);
    await expectError(await call(engine, "POST", "/v1/agents", { body: { base_agent: "antigravity-preview-05-2026", agent_config: { type: "deep-research" } } }), 400, /agent_config\.type.*antigravity/);
    await expectError(await call(engine, "POST", "/v1/agents", { body: { tools: [{ type: "file_search" }] } }), 400, /tools\[0\]\.type/);

    expect(await json(await call(engine, "DELETE", "/v1/agents/pirate-bot"))).toEqual({});
    await expectError(await call(engine, "GET", "/v1/agents/pirate-bot"), 404, /not found/);
    await expectError(await call(engine, "DELETE", "/v1/agents/pirate-bot"), 404, /not found/);
    await expectError(await call(engine, "POST", "/v1/interactions", { body: { agent: "pirate-bot", input: "hi" } }), 404, /Agent 'pirate-bot' was not found/);
    await expectError(
      await call(engine, "POST", "/v1/interactions", { body: { agent: "antigravity-preview-05-2026", agent_config: { type: "deep-research" }, input: "hi" } }),
      400,
      /agent_config\.type/,
    );
  });
});

describe("custom agents keep MCP header values to themselves", () => {
  it("create, get and list answer the header names with the values redacted", async () => {
    const secret = "Bearer agent-mcp-token-9f2c";
    const tools = [{ type: "mcp_server", name: "docs", url: "http://127.0.0.1:9/mcp", headers: { Authorization: secret } }];
    const created = await call(engine, "POST", "/v1/agents", { body: { id: "mcp-bot", tools } });
    const texts = [
      await created.text(),
      await (await call(engine, "GET", "/v1/agents/mcp-bot")).text(),
      await (await call(engine, "GET", "/v1/agents")).text(),
    ];
    for (const t of texts) {
      expect(t).not.toContain("agent-mcp-token-9f2c");
      expect(t).toContain("Authorization");
    }
  });
});

describe("environments", () => {
  it("create with inline and base64 sources, true counts, fork, list paged, delete", async () => {
    const env = await newEnv({
      sources: [
        { type: "inline", target: "data/notes.txt", content: "hello\n" },
        { target: "workspace/bin.dat", content: Buffer.from([0, 1, 2, 255]).toString("base64"), encoding: "base64" },
      ],
      env: { GREETING: "hi", OTHER: { value: "x" } },
      network: "disabled",
    });
    const got = await json(await call(engine, "GET", `/v1/environments/environments%2F${env}`));
    expect(got).toMatchObject({ id: env, status: "active", file_count: "2", size_bytes: "10", network: "disabled" });
    expect(await listing(env)).toEqual(["f workspace/bin.dat", "d workspace/data", "f workspace/data/notes.txt"]);
    const dl = await call(engine, "GET", `/v1/environments/${env}/files/workspace/bin.dat?alt=media`);
    expect(Buffer.from(await dl.arrayBuffer())).toEqual(Buffer.from([0, 1, 2, 255]));

    now = new Date(now.getTime() + 1000);
    const fork = await newEnv({ from_environment: `environments/${env}` });
    expect(await listing(fork)).toEqual(await listing(env));
    await upload(fork, "workspace/only-in-fork.txt", Buffer.from("x"));
    expect(await listing(env)).not.toContain("f workspace/only-in-fork.txt");

    const p1 = await json(await call(engine, "GET", "/v1/environments?page_size=1"));
    expect((p1.environments as { id: string }[]).map((e) => e.id)).toEqual([env]);
    const p2 = await json(await call(engine, "GET", `/v1/environments?page_size=1&page_token=${p1.next_page_token as string}`));
    expect((p2.environments as { id: string }[]).map((e) => e.id)).toEqual([fork]);

    expect(await json(await call(engine, "DELETE", `/v1/environments/${env}`))).toEqual({});
    await expectError(await call(engine, "GET", `/v1/environments/${env}`), 404, /not found/);
    await expectError(await call(engine, "GET", `/v1/environments/${env}/files/workspace`), 404, /not found/);
    await expectError(await upload(env, "workspace/a.txt", Buffer.from("x")), 404, /not found/);
    await expectError(await call(engine, "POST", "/v1/interactions", { body: { agent: "local-sim-agent", input: "hi", environment: env } }), 404, /not found/);
  });

  it("refuses what the local engine cannot do, clearly", async () => {
    await expectError(await call(engine, "POST", "/v1/environments", { body: { env: { TOKEN: { credential: "credentials/c1" } } } }), 400, /not available on the local engine/);
    for (const type of ["gcs", "repository", "skill_registry"])
      await expectError(await call(engine, "POST", "/v1/environments", { body: { sources: [{ type, source: "gs://b/x", target: "x" }] } }), 400, /need the network/);
    await expectError(await call(engine, "POST", "/v1/environments", { body: { network: { allowlist: [{ domain: "10.0.0.1" }] } } }), 400, /network.allowlist\[0\].domain.*IP address/);
    await expectError(await call(engine, "POST", "/v1/environments", { body: { sources: [{ target: "../x", content: "x" }] } }), 400, /'\.\.'/);
    await expectError(await call(engine, "POST", "/v1/environments", { body: { sources: [{ target: "/etc/x", content: "x" }] } }), 400, /absolute/);
    await expectError(await call(engine, "POST", "/v1/environments", { body: { sources: [{ target: "a", content: "!!", encoding: "base64" }] } }), 400, /base64/);
    await expectError(await call(engine, "POST", "/v1/environments", { body: { from_environment: "env_nope" } }), 404, /not found/);
    await expectError(await call(engine, "GET", "/v1/environments?page_token=garbage"), 400, /page_token/);
    expect(((await json(await call(engine, "GET", "/v1/environments"))).environments as unknown[]).length).toBe(0);
  });

  it("expires after the idle TTL and then refuses use", async () => {
    const env = await newEnv();
    now = new Date(now.getTime() + 3_600_001);
    expect((await json(await call(engine, "GET", `/v1/environments/${env}`))).status).toBe("expired");
    await expectError(await call(engine, "GET", `/v1/environments/${env}/files/workspace`), 400, /expired/);
    await expectError(await upload(env, "workspace/a.txt", Buffer.from("x")), 400, /expired/);
    await expectError(await call(engine, "POST", "/v1/interactions", { body: { agent: "local-sim-agent", input: "hi", environment: env } }), 400, /expired/);
  });
});

describe("files and uploads", () => {
  it("uploads in chunks, stats, lists with paging, overwrites only when asked", async () => {
    const env = await newEnv();
    const big = Buffer.alloc(300_000, 7);
    const res = await upload(env, "workspace/dir/big.bin", big, "", 100_000);
    expect(res.status).toBe(200);
    expect(res.headers.get("x-goog-upload-status")).toBe("final");
    expect((await json(res)).files).toMatchObject([{ path: "workspace/dir/big.bin", name: "big.bin", type: "file", size_bytes: "300000" }]);
    const stat = await json(await call(engine, "GET", `/v1/environments/${env}/files/workspace/dir/big.bin`));
    expect(stat.files).toMatchObject([{ path: "workspace/dir/big.bin", size_bytes: "300000" }]);
    await expectError(await upload(env, "workspace/dir/big.bin", Buffer.from("y")), 400, /overwrite=true/);
    expect((await upload(env, "workspace/dir/big.bin", Buffer.from("y"), "?overwrite=true")).status).toBe(200);
    const dl = await call(engine, "GET", `/v1/environments/${env}/files/workspace/dir/big.bin?alt=media`);
    expect(await dl.text()).toBe("y");

    for (const n of ["a", "b", "c"]) await upload(env, `workspace/dir/${n}.txt`, Buffer.from(n));
    const p1 = await json(await call(engine, "GET", `/v1/environments/${env}/files/workspace/dir?page_size=2`));
    expect((p1.files as { name: string }[]).map((f) => f.name)).toEqual(["a.txt", "b.txt"]);
    const p2 = await json(await call(engine, "GET", `/v1/environments/${env}/files/workspace/dir?page_size=2&page_token=${p1.next_page_token as string}`));
    expect((p2.files as { name: string }[]).map((f) => f.name)).toEqual(["big.bin", "c.txt"]);
    expect(p2.next_page_token).toBeUndefined();
    expect((await json(await call(engine, "GET", `/v1/environments/${env}`))).file_count).toBe("4");
    expect(await listing(env, "", "")).toEqual(["d workspace"]);
  });

  it("extracts zip and tar archives", async () => {
    const env = await newEnv();
    const zip = pyZip("ok.zip", "z.writestr('src/main.py','print(1)\\n')\nz.writestr('README.md','# hi\\n')");
    const res = await upload(env, "workspace/project", zip, "?extract=true");
    expect(res.status).toBe(200);
    expect(((await json(res)).files as { path: string }[]).map((f) => f.path).sort()).toEqual(["workspace/project/README.md", "workspace/project/src/main.py"]);
    const tarFile = join(tmp, "t.tar.gz");
    execFileSync("tar", ["-czf", tarFile, "-C", join(import.meta.dirname), "store.ts"]);
    const t = await upload(env, "workspace/t", readFileSync(tarFile), "?extract=true");
    expect(t.status).toBe(200);
    expect(await listing(env)).toContain("f workspace/t/store.ts");
    const dl = await call(engine, "GET", `/v1/environments/${env}/files/workspace/t/store.ts?alt=media`);
    expect(await dl.text()).toBe(readFileSync(join(import.meta.dirname, "store.ts"), "utf8"));
  });

  it("bad input → 4xx and the workspace unchanged", async () => {
    const env = await newEnv({ sources: [{ target: "keep.txt", content: "keep" }] });
    const before = await listing(env);
    // (A literal /../ is resolved away by every URL parser; encoded slashes reach the engine.)
    await expectError(await upload(env, "workspace%2F..%2Fescape.txt", Buffer.from("x")), 400, /'\.\.'/);
    await expectError(await upload(env, "workspace/keep.txt%2F%2Fx", Buffer.from("x")), 400, /empty segments/);
    await expectError(await upload(env, "workspace/keep.txt/x", Buffer.from("x")), 400, /is a file, not a directory/);
    await expectError(await upload(env, "workspace/a%00b", Buffer.from("x")), 400, /NUL/);
    await expectError(await upload(env, "workspace/huge.bin", Buffer.alloc(1024 * 1024 + 1)), 413, /limit/);
    await expectError(await upload("env_unknown", "workspace/a.txt", Buffer.from("x")), 404, /not found/);
    // Escaping entry, zip bomb, not an archive: refused whole.
    const escape = pyZip("escape.zip", "z.writestr('fine.txt','ok')\nz.writestr('../../outside.txt','evil')");
    await expectError(await upload(env, "workspace", escape, "?extract=true"), 400, /Archive rejected: invalid relative path/);
    const abs = pyZip("abs.zip", "z.writestr('/etc/evil','x')");
    await expectError(await upload(env, "workspace", abs, "?extract=true"), 400, /absolute/);
    const bomb = pyZip("bomb.zip", "z.writestr('zeros.bin', b'\\0' * (8 * 1024 * 1024))");
    expect(bomb.length).toBeLessThan(64 * 1024);
    await expectError(await upload(env, "workspace", bomb, "?extract=true"), 400, /zip bomb/);
    await expectError(await upload(env, "workspace/x", Buffer.from("plain text"), "?extract=true"), 400, /not a zip or tar/);
    // A symlink pointing out (code in the sandbox can make one): never followed.
    const ws = engine.managed.environments.workspace(env);
    symlinkSync("/etc", join(ws.dir, "out"));
    symlinkSync("/etc/hostname", join(ws.dir, "host.txt"));
    await expectError(await call(engine, "GET", `/v1/environments/${env}/files/workspace/out/hostname?alt=media`), 400, /symbolic link/);
    await expectError(await call(engine, "GET", `/v1/environments/${env}/files/workspace/host.txt?alt=media`), 400, /symbolic link/);
    await expectError(await upload(env, "workspace/out/x.txt", Buffer.from("x")), 400, /symbolic link/);
    expect(await listing(env)).toEqual(before);
    // Offsets must match, and a finished upload id is gone.
    const start = await call(engine, "PUT", `/upload/v1beta/environments/${env}/files/workspace/o.txt`, {
      headers: { "x-goog-upload-command": "start", "x-goog-upload-header-content-length": "4" },
    });
    const url = start.headers.get("x-goog-upload-url")!;
    await expectError(await engine.fetch(new Request(url, { method: "POST", headers: { "x-goog-upload-command": "upload", "x-goog-upload-offset": "2" }, body: "ab" })), 400, /Offset/);
    await expectError(await engine.fetch(new Request(url, { method: "POST", headers: { "x-goog-upload-command": "upload, finalize", "x-goog-upload-offset": "0" }, body: "abcdef" })), 413, /declared size/);
    await expectError(await engine.fetch(new Request(url, { method: "POST", headers: { "x-goog-upload-command": "upload, finalize", "x-goog-upload-offset": "0" }, body: "abcd" })), 404, /Upload session/);
    expect(await listing(env)).toEqual(before);
  });
});
