import { describe, expect, it } from "vitest";
import { checkSchemaSupported, defaultPaceMs, KNOWN_AGENTS, KNOWN_MODELS, listKnownModels, resolveAdapter } from "./registry";

describe("resolveAdapter", () => {
  it("runs gemini-*, gemma-* and local-sim on the simulator", () => {
    const sim = resolveAdapter("local-sim", "model");
    expect(sim).not.toBeNull();
    for (const id of ["gemini-3.5-flash", "gemini-2.5-pro", "gemma-4-31b-it", "gemini-flash-latest"]) {
      expect(resolveAdapter(id, "model")).toBe(sim);
      expect(sim!.accepts(id)).toBe(true);
    }
  });

  it("refuses unknown models and agents", () => {
    for (const id of ["gpt-4o", "claude-x", "", "lyria-3.5", "gemini"]) expect(resolveAdapter(id, "model")).toBeNull();
    for (const id of ["gemini-3.5-flash", "customer-sentinel", "deep-research"]) expect(resolveAdapter(id, "agent")).toBeNull();
  });

  it("serves openai:<model> only when OPENAI_BASE_URL is set", () => {
    expect(resolveAdapter("openai:gpt-4o-mini", "model", {})).toBeNull();
    const a = resolveAdapter("openai:gpt-4o-mini", "model", { OPENAI_BASE_URL: "http://127.0.0.1:1/v1" });
    expect(a).not.toBeNull();
    expect(a!.accepts("openai:gpt-4o-mini")).toBe(true);
    expect(resolveAdapter("openai:", "model", { OPENAI_BASE_URL: "http://127.0.0.1:1/v1" })).toBeNull();
  });

  it("runs the built-in agents and local-sim-agent on the agent loop", () => {
    const agent = resolveAdapter("local-sim-agent", "agent");
    expect(agent).not.toBeNull();
    expect(agent).not.toBe(resolveAdapter("local-sim", "model"));
    for (const { id } of KNOWN_AGENTS) expect(resolveAdapter(id, "agent")).toBe(agent);
  });

  it("every known id resolves and is labelled simulated", () => {
    for (const m of KNOWN_MODELS) {
      expect(resolveAdapter(m.id, "model")).not.toBeNull();
      expect(m.simulated).toBe(true);
      expect(m.label).toMatch(/simulat/i);
    }
    for (const a of KNOWN_AGENTS) expect(a.label).toMatch(/simulated/i);
  });

  it("lists OpenAI-compatible models from the environment", () => {
    const list = listKnownModels({ OPENAI_BASE_URL: "http://x/v1", OPENAI_MODELS: "llama3, qwen3" });
    expect(list.filter((m) => !m.simulated).map((m) => m.id)).toEqual(["openai:llama3", "openai:qwen3"]);
    expect(listKnownModels({ OPENAI_MODELS: "llama3" })).toHaveLength(KNOWN_MODELS.length);
  });
});

describe("defaultPaceMs", () => {
  it.each([
    [undefined, 15],
    ["", 15],
    ["0", 0],
    ["40", 40],
    ["2.7", 2],
    ["-5", 15],
    ["fast", 15],
    ["999999", 10000],
  ])("SIM_PACE_MS=%j → %i", (raw, want) => {
    expect(defaultPaceMs(raw === undefined ? {} : { SIM_PACE_MS: raw })).toBe(want);
  });
});

it("re-exports checkSchemaSupported", () => {
  expect(checkSchemaSupported({ $ref: "#/x" })).toMatch(/\$ref/);
});
