// file_search over an environment's files: uploaded with the files API and given as inline
// sources; the engine's own MiniSearch index returns the matching chunks.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Interaction, Step } from "@/lib/interactions/types";
import { createEngine, type Engine } from "../engine";
import { call } from "../testing";
import { chunkText } from "./file-search";

let engine: Engine;
beforeEach(() => {
  engine = createEngine({ dbPath: ":memory:", paceMs: 0, keepAliveMs: 0 });
});
afterEach(() => engine.close());

const HANDBOOK = `# Staff handbook\n\nEvery employee gets 27 vacation days per year, plus public holidays.\n\nThe office opens at 08:30 and closes at 18:00.`;
const ROTA = `Kitchen rota: Ada cleans the espresso machine on Fridays.`;

async function upload(env: string, path: string, text: string): Promise<void> {
  const bytes = new TextEncoder().encode(text);
  const start = await call(engine, "PUT", `/upload/v1beta/environments/${env}/files/${path}`, {
    headers: { "x-goog-upload-protocol": "resumable", "x-goog-upload-command": "start", "x-goog-upload-header-content-length": String(bytes.length) },
  });
  expect(start.status).toBe(200);
  const res = await engine.fetch(new Request(start.headers.get("x-goog-upload-url")!, { method: "POST", headers: { "x-goog-upload-command": "upload, finalize", "x-goog-upload-offset": "0" }, body: bytes }));
  expect(res.status).toBe(200);
}

const create = (body: Record<string, unknown>) => call(engine, "POST", "/v1beta/interactions", { body: { model: "gemini-3.5-flash", tools: [{ type: "file_search" }], ...body } });
const of = (i: Interaction, type: string) => i.steps.filter((s: Step) => s.type === type);

describe("file_search", () => {
  it("searches files uploaded to the environment and returns the matching chunks", async () => {
    const env = (await (await call(engine, "POST", "/v1beta/environments", { body: {} })).json()) as { id: string };
    await upload(env.id, "workspace/docs/handbook.md", HANDBOOK);
    await upload(env.id, "workspace/rota.txt", ROTA);
    const res = await create({ input: "How many vacation days do employees get?", environment: env.id });
    expect(res.status).toBe(200);
    const body = (await res.json()) as Interaction;
    const [c] = of(body, "file_search_call");
    const [r] = of(body, "file_search_result");
    expect(r).toMatchObject({ call_id: c!.id });
    const chunks = r!.result as { file: string; text: string; score: number }[];
    expect(chunks[0]).toMatchObject({ file: "workspace/docs/handbook.md", text: expect.stringContaining("27 vacation days") });
    expect(chunks.some((x) => x.file === "workspace/rota.txt")).toBe(false);
    const answer = JSON.stringify(of(body, "model_output"));
    expect(answer).toContain("27 vacation days");
    expect(answer).toContain("own file search (not Google's)");
  });

  it("searches inline sources; names Google stores it cannot open; not called when nothing matches or is asked", async () => {
    const environment = { type: "remote", sources: [{ type: "inline", target: "rota.txt", content: ROTA }] };
    const body = (await (await create({ input: "Who cleans the espresso machine?", environment, tools: [{ type: "file_search", file_search_store_names: ["fileSearchStores/abc"] }] })).json()) as Interaction;
    expect((of(body, "file_search_result")[0]!.result as { file: string }[])[0]!.file).toBe("workspace/rota.txt");
    expect(JSON.stringify(body.steps)).toContain("cannot open");
    const none = (await (await create({ input: "Tell me a joke about penguins.", environment })).json()) as Interaction;
    expect(of(none, "file_search_call")).toEqual([]);
  });

  it("without an environment: an is_error result saying what to pass", async () => {
    const body = (await (await create({ input: "Search my files for the rota." })).json()) as Interaction;
    expect(of(body, "file_search_result")).toMatchObject([{ is_error: true }]);
    expect(JSON.stringify(body.steps)).toMatch(/pass `environment`/);
  });

  it("chunks on paragraph boundaries", () => {
    const chunks = chunkText(`${"a ".repeat(150)}\n\n${"b ".repeat(150)}`, 800);
    expect(chunks.length).toBe(1);
    expect(chunkText(`${"a ".repeat(500)}\n\n${"b ".repeat(500)}`, 800).length).toBeGreaterThan(1);
  });
});
