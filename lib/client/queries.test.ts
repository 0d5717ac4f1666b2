import { describe, expect, it } from "vitest";
import { KNOWN_AGENTS, listKnownModels, resolveAdapter, simulatedIdPatterns } from "@/lib/engine/model/registry";
import type { BackendsResponse } from "@/lib/contract/app-api";
import { isSimulated } from "./queries";

// The catalog as the engine reports it (lib/app-api/server.ts builds it from the same registry).
const catalog = (): BackendsResponse => ({
  backends: [{ id: "local", label: "Embedded engine", configured: true, simulated: true, default: true }],
  models: listKnownModels({}),
  agents: [...KNOWN_AGENTS],
  simulated_patterns: simulatedIdPatterns(),
});

describe("isSimulated (the Simulator badge)", () => {
  it("labels exactly the ids the engine runs on its simulator", () => {
    const data = catalog();
    const ids: [string, "model" | "agent"][] = [
      ["local-sim", "model"],
      ["gemini-3.5-flash", "model"],
      ["gemini-9-unlisted", "model"],
      ["models/gemma-4-31b-it", "model"],
      ["gpt-4o", "model"],
      ["claude-x", "model"],
      ["openai:llama3", "model"],
      ["deep-research-preview-04-2026", "agent"],
      ["antigravity-next", "agent"],
      ["my-agent", "agent"],
    ];
    for (const [id, kind] of ids) {
      // With no OPENAI_BASE_URL every adapter the engine resolves is the simulator (or its agent loop).
      const engineSimulates = resolveAdapter(id, kind, {}) !== null;
      expect(isSimulated(data, "local", id), id).toBe(engineSimulates);
    }
    expect(isSimulated(data, "local", "gpt-4o")).toBe(false);
  });

  it("never on the gemini backend, and not before the catalog is known", () => {
    expect(isSimulated(catalog(), "gemini", "gemini-3.5-flash")).toBe(false);
    expect(isSimulated(catalog(), "vertex", "gemini-3.5-flash")).toBe(false);
    expect(isSimulated(undefined, "local", "gemini-3.5-flash")).toBe(false);
  });

  it("on gemini/vertex when their health found an engine upstream (offline recipes), by the same rule as local", () => {
    expect(isSimulated(catalog(), "vertex", "gemini-3.5-flash", true)).toBe(true);
    expect(isSimulated(catalog(), "gemini", "gemini-3.5-flash", true)).toBe(true);
    expect(isSimulated(catalog(), "vertex", "gpt-4o", true)).toBe(false);
  });
});
