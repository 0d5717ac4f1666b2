// The official @google/genai client drives the engine in-process: httpOptions.fetch hands every
// request to engine.fetch (no socket), which the interactions client honours (reference §10.5).
import { afterAll } from "vitest";
import { createEngine } from "./engine";
import { defineConformance } from "./sdk-conformance-suite";

const engine = createEngine({ dbPath: ":memory:", paceMs: 0, keepAliveMs: 0 });
afterAll(() => engine.close());

defineConformance("in-process", () => ({ baseUrl: "http://engine.local", fetch: (req) => engine.fetch(req) }));
