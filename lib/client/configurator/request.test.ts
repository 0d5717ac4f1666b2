import { describe, expect, it } from "vitest";
import { ApiError } from "@/lib/interactions/errors";
import { parseCreateBody } from "@/lib/contract/request-rules";
import { DEFAULT_SETTINGS } from "@/lib/client/turn-model";
import { applyConfigurator, builtinsToTools, configuratorTools, functionToTool, planWithConfigurator, responseFormatOf } from "./request";
import { sanitizeDraft } from "./sanitize";
import { DEFAULT_BUILTINS, DEFAULT_CONFIGURATOR, DEFAULT_MOCK, type ConfiguratorDraft, type FunctionDraft } from "./types";

const RF = DEFAULT_CONFIGURATOR.responseFormat;

const fn = (patch: Partial<FunctionDraft> = {}): FunctionDraft => ({
  id: "fn_1",
  name: "get_weather",
  description: " Weather for a city ",
  parametersJson: '{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}',
  mock: { ...DEFAULT_MOCK, mode: "js", code: "(a) => ({t: 21})" },
  ...patch,
});

describe("tools → request mapping", () => {
  it("a function becomes exactly its tools[] entry (no mock fields)", () => {
    expect(functionToTool(fn())).toEqual({
      ok: true,
      value: { type: "function", name: "get_weather", description: "Weather for a city", parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] } },
    });
    expect(functionToTool(fn({ description: "", parametersJson: "" }))).toEqual({ ok: true, value: { type: "function", name: "get_weather" } });
    expect(functionToTool(fn({ name: " " }))).toEqual({ ok: false, error: "A function needs a name" });
    expect(functionToTool(fn({ parametersJson: "{" })).ok).toBe(false);
  });

  it("built-ins carry only the settings given", () => {
    const b = structuredClone(DEFAULT_BUILTINS);
    expect(builtinsToTools(b)).toEqual({ ok: true, value: [] });
    b.code_execution.enabled = true;
    b.google_search = { enabled: true, searchTypes: ["web_search", "image_search"] };
    b.url_context.enabled = true;
    b.file_search = { enabled: true, storeNames: "fileSearchStores/a\n\n fileSearchStores/b ", topK: "5", metadataFilter: 'author = "x"' };
    b.google_maps = { enabled: true, latitude: "38.7", longitude: "-9.14", enableWidget: true };
    b.computer_use = { enabled: true, environment: "desktop", excluded: "drag_and_drop" };
    expect(builtinsToTools(b)).toEqual({
      ok: true,
      value: [
        { type: "code_execution" },
        { type: "google_search", search_types: ["web_search", "image_search"] },
        { type: "url_context" },
        { type: "file_search", file_search_store_names: ["fileSearchStores/a", "fileSearchStores/b"], top_k: 5, metadata_filter: 'author = "x"' },
        { type: "google_maps", latitude: 38.7, longitude: -9.14, enable_widget: true },
        { type: "computer_use", environment: "desktop", excluded_predefined_functions: ["drag_and_drop"] },
      ],
    });
    b.google_maps.longitude = "";
    expect(builtinsToTools(b)).toEqual({ ok: false, error: "google_maps needs both latitude and longitude, or neither" });
    b.google_maps.longitude = "200";
    expect(builtinsToTools(b)).toEqual({ ok: false, error: "Longitude must be between -180 and 180" });
  });

  it("functions and built-ins combine in one request the engine accepts", () => {
    const d: ConfiguratorDraft = { ...DEFAULT_CONFIGURATOR, functions: [fn()], builtins: { ...DEFAULT_BUILTINS, code_execution: { enabled: true } } };
    const tools = configuratorTools(d);
    expect(tools.ok && tools.value.map((t) => t.type)).toEqual(["function", "code_execution"]);
    const body = applyConfigurator({ model: "gemini-3.5-flash", input: "hi", tools: [{ type: "url_context" }] }, d);
    expect(body.ok && (body.value.tools as { type: string }[]).map((t) => t.type)).toEqual(["url_context", "function", "code_execution"]);
    expect(() => parseCreateBody(body.ok && body.value)).not.toThrow();
  });

  it("response_format is a JSON text format with the schema", () => {
    expect(responseFormatOf({ ...RF, enabled: false, schemaJson: "{" })).toEqual({ ok: true, value: undefined });
    expect(responseFormatOf({ ...RF, enabled: true, schemaJson: '{"type":"object"}' })).toEqual({ ok: true, value: { type: "text", mime_type: "application/json", schema: { type: "object" } } });
    expect(responseFormatOf({ ...RF, enabled: true, schemaJson: "" }).ok).toBe(false);
  });

  it("several formats go as an array (text JSON, image, audio) that the engine accepts", () => {
    const rf = { ...RF, enabled: true, schemaJson: '{"type":"object"}', image: { enabled: true, aspectRatio: "16:9", imageSize: "1K", mimeType: "" }, audio: { enabled: true, mimeType: "audio/wav", sampleRate: "24000", bitRate: "" } };
    const r = responseFormatOf(rf);
    expect(r).toEqual({
      ok: true,
      value: [
        { type: "text", mime_type: "application/json", schema: { type: "object" } },
        { type: "image", aspect_ratio: "16:9", image_size: "1K" },
        { type: "audio", mime_type: "audio/wav", sample_rate: 24000 },
      ],
    });
    expect(() => parseCreateBody({ model: "gemini-3.5-flash", input: "x", response_format: r.ok && r.value })).not.toThrow();
    // One format alone stays an object.
    expect(responseFormatOf({ ...RF, image: { ...rf.image, aspectRatio: "", imageSize: "" } })).toEqual({ ok: true, value: { type: "image" } });
    expect(responseFormatOf({ ...RF, audio: { ...rf.audio, sampleRate: "fast" } })).toEqual({ ok: false, error: "Audio sample rate must be a whole number" });
    expect(sanitizeDraft({ responseFormat: { enabled: true, schemaJson: "{}" } }).responseFormat).toEqual({ ...RF, enabled: true, schemaJson: "{}" });
  });

  it("planWithConfigurator lays the configurator over the planned turn (and re-sends on chained turns)", () => {
    const d: ConfiguratorDraft = { ...DEFAULT_CONFIGURATOR, functions: [fn()], responseFormat: { ...RF, enabled: true, schemaJson: '{"type":"object","properties":{"a":{"type":"string"}}}' } };
    const plan = planWithConfigurator({ settings: DEFAULT_SETTINGS, target: "gemini-3.5-flash", history: [], input: [{ type: "user_input", content: [{ type: "text", text: "hi" }] }] }, d);
    expect(plan.ok).toBe(true);
    if (!plan.ok) return;
    expect(plan.value.body.tools).toEqual([expect.objectContaining({ name: "get_weather" })]);
    expect(plan.value.body.response_format).toEqual(expect.objectContaining({ type: "text" }));
    try {
      parseCreateBody(plan.value.body);
    } catch (e) {
      throw new Error(`engine refused: ${(e as ApiError).message}`);
    }
    const bad = planWithConfigurator({ settings: DEFAULT_SETTINGS, target: "m", history: [], input: [{ type: "user_input" }] }, { ...d, functions: [fn({ name: "" })] });
    expect(bad).toEqual({ ok: false, error: "A function needs a name" });
  });

  it("sanitizes stored drafts", () => {
    expect(sanitizeDraft(null)).toEqual(DEFAULT_CONFIGURATOR);
    const d = sanitizeDraft({ functions: [fn(), { nope: 1 }], builtins: { google_search: { enabled: true, searchTypes: ["bogus"] } }, auto: { enabled: true, loopLimit: 999 } });
    expect(d.functions).toHaveLength(1);
    expect(d.builtins.google_search).toEqual({ enabled: true, searchTypes: [] });
    expect(d.builtins.code_execution).toEqual({ enabled: false });
    expect(d.auto).toEqual({ enabled: true, loopLimit: 5 });
  });
});
