// Every suggestion chip the empty session offers on the simulator gets an answer on the engine
// (with the tools the chip adds), not a refusal.
import { describe, expect, it } from "vitest";
import { createEngine } from "@/lib/engine/engine";
import { call } from "@/lib/engine/testing";
import type { Interaction } from "@/lib/interactions/types";
import { SIMULATOR_SUGGESTIONS, WEATHER_TOOL, withTools } from "./suggestions";

const REFUSAL = /can't answer|no way to answer|haven't told me/;

describe("simulator suggestions", () => {
  it.each(SIMULATOR_SUGGESTIONS.map((s) => [s.prompt, s] as const))("%s", async (_p, s) => {
    const e = createEngine({ dbPath: ":memory:", paceMs: 0 });
    try {
      const res = await call(e, "POST", "/v1beta/interactions", { body: { model: "gemini-3.5-flash", input: s.prompt, ...(s.tools ? { tools: s.tools } : {}) } });
      expect(res.status).toBe(200);
      const i = (await res.json()) as Interaction;
      const text = i.steps.filter((x) => x.type === "model_output").flatMap((x) => x.content ?? []).map((c) => c.text ?? "").join("");
      expect(text).not.toMatch(REFUSAL);
      if (s.tools?.some((t) => t.type === "function")) {
        expect(i.status).toBe("requires_action");
        expect(i.steps.find((x) => x.type === "function_call")).toMatchObject({ name: "get_weather", arguments: { city: "Paris" } });
      } else {
        expect(i.status).toBe("completed");
        expect(text.length).toBeGreaterThan(10);
      }
      if (s.tools?.some((t) => t.type === "code_execution")) {
        expect(i.steps.map((x) => x.type)).toContain("code_execution_call");
        expect(text).toContain("1048576");
      }
    } finally {
      e.close();
    }
  });

  it("withTools adds a chip's tools once and leaves a hand edit alone", () => {
    const once = withTools("[]", [WEATHER_TOOL]);
    expect(JSON.parse(once)).toEqual([WEATHER_TOOL]);
    expect(withTools(once, [WEATHER_TOOL])).toBe(once);
    expect(JSON.parse(withTools('[{"type":"google_search"}]', [WEATHER_TOOL]))).toHaveLength(2);
    expect(withTools("not json", [WEATHER_TOOL])).toBe("not json");
    expect(withTools("[]", undefined)).toBe("[]");
  });
});
