import { describe, expect, it } from "vitest";
import { settings } from "@/tests/support/turns";
import { buildGenerationConfig, createHeaders, parseDropAfter, parseTools } from "./settings";

describe("settings → request fields", () => {
  it("accepts an empty or array Tools box and rejects anything else", () => {
    expect(parseTools("")).toEqual({ ok: true, value: [] });
    expect(parseTools('[{"type":"google_search"}]')).toEqual({ ok: true, value: [{ type: "google_search" }] });
    const notArray = parseTools('{"type":"google_search"}');
    expect(notArray.ok).toBe(false);
    if (!notArray.ok) expect(notArray.error).toMatch(/array/);
    const broken = parseTools("[{");
    expect(broken.ok).toBe(false);
    if (!broken.ok) expect(broken.error).toMatch(/does not parse/);
    expect(parseTools('[{"name":"x"}]').ok).toBe(false);
  });

  it("builds generation_config from only the fields set", () => {
    expect(buildGenerationConfig(settings())).toEqual({ ok: true, value: undefined });
    expect(
      buildGenerationConfig(
        settings({ thinkingLevel: "low", thinkingSummaries: "auto", maxOutputTokens: "256", stopSequences: "END\n\n###\r\n", seed: "-7" }),
      ),
    ).toEqual({
      ok: true,
      value: { thinking_level: "low", thinking_summaries: "auto", max_output_tokens: 256, stop_sequences: ["END", "###"], seed: -7 },
    });
    expect(buildGenerationConfig(settings({ maxOutputTokens: "12.5" })).ok).toBe(false);
    expect(buildGenerationConfig(settings({ maxOutputTokens: "0" })).ok).toBe(false);
  });
});

describe("fault switch (Drop stream after N events)", () => {
  it("parses the box: empty is off, else a whole number from 1 to 100000", () => {
    expect(parseDropAfter("")).toEqual({ ok: true, value: undefined });
    expect(parseDropAfter("  ")).toEqual({ ok: true, value: undefined });
    expect(parseDropAfter("6")).toEqual({ ok: true, value: 6 });
    expect(parseDropAfter(" 100000 ")).toEqual({ ok: true, value: 100000 });
    for (const bad of ["0", "-3", "1.5", "1e3", "abc", "100001", "99999999999999999999"]) {
      const r = parseDropAfter(bad);
      expect(r.ok, bad).toBe(false);
      if (!r.ok) expect(r.error).toMatch(/Drop stream after N events must be a whole number from 1 to 100000/);
    }
  });

  it("sends x-engine-fault only for a streamed create on the local engine", () => {
    const on = { backend: "local", stream: true, background: false, dropAfterEvents: "6" } as const;
    expect(createHeaders(on)).toEqual({ ok: true, value: { "x-engine-fault": "drop-after=6" } });
    expect(createHeaders({ ...on, dropAfterEvents: "" })).toEqual({ ok: true, value: {} });
    // Never to Google's service, never on a non-streamed or background create.
    expect(createHeaders({ ...on, backend: "gemini" })).toEqual({ ok: true, value: {} });
    expect(createHeaders({ ...on, stream: false })).toEqual({ ok: true, value: {} });
    expect(createHeaders({ ...on, background: true })).toEqual({ ok: true, value: {} });
    // A malformed value blocks only a send it would apply to.
    expect(createHeaders({ ...on, dropAfterEvents: "0" }).ok).toBe(false);
    expect(createHeaders({ ...on, backend: "gemini", dropAfterEvents: "0" })).toEqual({ ok: true, value: {} });
  });

  it("adds the Fault presets list to every local create (background and unstreamed too)", () => {
    const on = { backend: "local", stream: true, background: false, dropAfterEvents: "6", faultPresets: " early-404=5s , chain-501 " } as const;
    expect(createHeaders(on)).toEqual({ ok: true, value: { "x-engine-fault": "drop-after=6,early-404=5s,chain-501" } });
    expect(createHeaders({ ...on, background: true })).toEqual({ ok: true, value: { "x-engine-fault": "early-404=5s,chain-501" } });
    expect(createHeaders({ ...on, backend: "gemini" })).toEqual({ ok: true, value: {} });
    expect(createHeaders({ ...on, faultPresets: "drop; table" }).ok).toBe(false);
  });
});
