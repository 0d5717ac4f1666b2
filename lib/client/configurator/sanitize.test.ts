import { describe, expect, it } from "vitest";
import { sanitizeDraft } from "./sanitize";
import { DEFAULT_CONFIGURATOR, DEFAULT_MOCK, MAX_LOOP_LIMIT } from "./types";

describe("sanitizeDraft (stored or imported drafts read back well-formed)", () => {
  it("fills defaults for nothing, garbage and old shapes", () => {
    expect(sanitizeDraft(undefined)).toEqual(DEFAULT_CONFIGURATOR);
    expect(sanitizeDraft("not a draft")).toEqual(DEFAULT_CONFIGURATOR);
    expect(sanitizeDraft({ functions: "x", builtins: 3, responseFormat: null, auto: [] })).toEqual(DEFAULT_CONFIGURATOR);
  });

  it("keeps what is well-typed, repairs fields, drops functions without an id", () => {
    const d = sanitizeDraft({
      functions: [{ id: "f1", name: "get_weather", mock: { mode: "nope", code: 7 } }, { name: "no id" }, 5],
      builtins: { google_search: { enabled: true, searchTypes: ["web_search", "bogus"] }, computer_use: { enabled: true, environment: "moon" } },
      responseFormat: { enabled: true, schemaJson: "{}" },
      auto: { enabled: true, loopLimit: MAX_LOOP_LIMIT + 1 },
    });
    expect(d.functions).toEqual([{ id: "f1", name: "get_weather", description: "", parametersJson: "", mock: { mode: "manual", fixedJson: DEFAULT_MOCK.fixedJson, code: DEFAULT_MOCK.code } }]);
    // One bad entry in a list falls back to the list's default; a bad enum to its default value.
    expect(d.builtins.google_search).toEqual({ enabled: true, searchTypes: [] });
    expect(d.builtins.computer_use).toEqual({ enabled: true, environment: "browser", excluded: "" });
    expect(d.builtins.code_execution).toEqual({ enabled: false });
    expect(d.responseFormat).toEqual({ ...DEFAULT_CONFIGURATOR.responseFormat, enabled: true, schemaJson: "{}" });
    expect(d.auto).toEqual({ enabled: true, loopLimit: DEFAULT_CONFIGURATOR.auto.loopLimit });
  });
});
