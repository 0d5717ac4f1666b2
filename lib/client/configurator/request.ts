// The configurator's draft → wire shapes: each function's exact tools[] entry, the built-in tools
// with their settings, response_format; and the hook that lays them over a planned request
// (planWithConfigurator: planNextRequest + these), so turn-model.ts stays untouched.
import { planNextRequest, planTurn, type CreateBody, type ParseResult, type PlanContext, type PlanInput, type PlannedRequest, type TurnPlan } from "@/lib/client/turn-model";
import { parseSchemaText } from "./schema-check";
import type { BuiltinsDraft, ConfiguratorDraft, FunctionDraft, McpServerRef, ResponseFormatDraft } from "./types";

export type WireTool = Record<string, unknown> & { type: string };

const lines = (text: string) => text.split("\n").map((l) => l.trim()).filter(Boolean);

/** The exact tools[] entry a function sends (mocks never reach the wire). */
export function functionToTool(f: FunctionDraft): ParseResult<WireTool> {
  const name = f.name.trim();
  if (!name) return { ok: false, error: "A function needs a name" };
  const tool: WireTool = { type: "function", name };
  if (f.description.trim()) tool.description = f.description.trim();
  const params = parseSchemaText(f.parametersJson);
  if (params.error) return { ok: false, error: `${name}: parameters — ${params.error}` };
  if (params.value) tool.parameters = params.value;
  return { ok: true, value: tool };
}

function numberField(label: string, text: string, opts: { int?: boolean; min?: number; max?: number }): ParseResult<number | undefined> {
  const t = text.trim();
  if (!t) return { ok: true, value: undefined };
  const n = Number(t);
  if (!Number.isFinite(n) || (opts.int && !Number.isInteger(n))) return { ok: false, error: `${label} must be ${opts.int ? "a whole number" : "a number"}` };
  if ((opts.min !== undefined && n < opts.min) || (opts.max !== undefined && n > opts.max)) {
    return { ok: false, error: `${label} must be between ${opts.min} and ${opts.max}` };
  }
  return { ok: true, value: n };
}

/** The enabled built-in tools, in a fixed order, with only the settings the user gave. */
export function builtinsToTools(b: BuiltinsDraft): ParseResult<WireTool[]> {
  const out: WireTool[] = [];
  if (b.code_execution.enabled) out.push({ type: "code_execution" });
  if (b.google_search.enabled) {
    const t: WireTool = { type: "google_search" };
    if (b.google_search.searchTypes.length) t.search_types = [...b.google_search.searchTypes];
    out.push(t);
  }
  if (b.url_context.enabled) out.push({ type: "url_context" });
  if (b.file_search.enabled) {
    const t: WireTool = { type: "file_search" };
    const names = lines(b.file_search.storeNames);
    if (names.length) t.file_search_store_names = names;
    const k = numberField("file_search top_k", b.file_search.topK, { int: true, min: 1, max: 100 });
    if (!k.ok) return k;
    if (k.value !== undefined) t.top_k = k.value;
    if (b.file_search.metadataFilter.trim()) t.metadata_filter = b.file_search.metadataFilter.trim();
    out.push(t);
  }
  if (b.google_maps.enabled) {
    const t: WireTool = { type: "google_maps" };
    const lat = numberField("Latitude", b.google_maps.latitude, { min: -90, max: 90 });
    if (!lat.ok) return lat;
    const lng = numberField("Longitude", b.google_maps.longitude, { min: -180, max: 180 });
    if (!lng.ok) return lng;
    if ((lat.value === undefined) !== (lng.value === undefined)) return { ok: false, error: "google_maps needs both latitude and longitude, or neither" };
    if (lat.value !== undefined) t.latitude = lat.value;
    if (lng.value !== undefined) t.longitude = lng.value;
    if (b.google_maps.enableWidget) t.enable_widget = true;
    out.push(t);
  }
  if (b.computer_use.enabled) {
    const t: WireTool = { type: "computer_use", environment: b.computer_use.environment };
    const excluded = lines(b.computer_use.excluded);
    if (excluded.length) t.excluded_predefined_functions = excluded;
    out.push(t);
  }
  return { ok: true, value: out };
}

/**
 * The enabled MCP server entries as `mcp_server` tools — name, URL and the ticked tools, never
 * headers: the proxy injects the saved entry's headers on the server (lib/proxy/mcp-inject.ts).
 */
export function mcpServersToTools(refs: readonly McpServerRef[]): ParseResult<WireTool[]> {
  const out: WireTool[] = [];
  for (const r of refs) {
    if (!r.enabled) continue;
    if (r.missing) return { ok: false, error: `MCP server "${r.name}" is no longer saved on this server: add it again or remove it from the configurator` };
    const t: WireTool = { type: "mcp_server", name: r.name, url: r.url };
    if (r.allowedTools?.length) t.allowed_tools = [{ tools: [...r.allowedTools] }];
    out.push(t);
  }
  return { ok: true, value: out };
}

/** Functions first, then built-ins, then MCP servers: one tools[] list, as the API allows them combined. */
export function configuratorTools(d: ConfiguratorDraft): ParseResult<WireTool[]> {
  const fns: WireTool[] = [];
  for (const f of d.functions) {
    const t = functionToTool(f);
    if (!t.ok) return t;
    fns.push(t.value);
  }
  const b = builtinsToTools(d.builtins);
  if (!b.ok) return b;
  const m = mcpServersToTools(d.mcpServers ?? []);
  if (!m.ok) return m;
  return { ok: true, value: [...fns, ...b.value, ...m.value] };
}

export function responseFormatOf(r: ResponseFormatDraft): ParseResult<Record<string, unknown> | undefined> {
  if (!r.enabled) return { ok: true, value: undefined };
  const s = parseSchemaText(r.schemaJson);
  if (s.error) return { ok: false, error: `Response format schema — ${s.error}` };
  if (!s.value) return { ok: false, error: "Response format is on but has no schema" };
  return { ok: true, value: { type: "text", mime_type: "application/json", schema: s.value } };
}

/** Lay the configurator over a planned body: its tools after the raw Tools box's, and response_format. */
export function applyConfigurator(body: Record<string, unknown>, d: ConfiguratorDraft): ParseResult<Record<string, unknown>> {
  const tools = configuratorTools(d);
  if (!tools.ok) return tools;
  const rf = responseFormatOf(d.responseFormat);
  if (!rf.ok) return rf;
  const out = { ...body };
  const existing = Array.isArray(body.tools) ? (body.tools as WireTool[]) : [];
  if (tools.value.length) out.tools = [...existing, ...tools.value];
  if (rf.value) out.response_format = rf.value;
  return { ok: true, value: out };
}

/** planNextRequest with the configurator applied: the one call site change in the session pane. */
export function planWithConfigurator(p: PlanInput, d: ConfiguratorDraft): ParseResult<PlannedRequest> {
  const plan = planNextRequest(p);
  if (!plan.ok) return plan;
  const body = applyConfigurator(plan.value.body, d);
  if (!body.ok) return body;
  return { ok: true, value: { ...plan.value, body: body.value } };
}

/** planTurn with the configurator applied: the plan the session runner keeps (once per change) and sends from. */
export function planTurnWithConfigurator(p: PlanContext, d: ConfiguratorDraft): ParseResult<TurnPlan> {
  const plan = planTurn(p);
  if (!plan.ok) return plan;
  const body = applyConfigurator(plan.value.body, d);
  if (!body.ok) return body;
  return { ok: true, value: { ...plan.value, body: body.value as CreateBody } };
}
