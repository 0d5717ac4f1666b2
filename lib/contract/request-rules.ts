// The request rules: what the live service rejects in a create body (reference §12 E13/E14/E16),
// as one table (RULES) and two entry points — parseCreateBody (the engine's validation: throws the
// first violation as an ApiError("invalid_request"), answered 400 in the envelope) and lintRequest
// (the configurator's linter and the error explainer: every violation as {path, code, message}).
// Zod first and strict: unknown fields are refused by name, a function_result needs name + call_id
// + result, turn lists and the legacy generateContent schema get a message that says what to send
// instead. Browser-safe: zod and the pure wire layer (lib/interactions) only.
import { z } from "zod";
import { ApiError } from "@/lib/interactions/errors";
import { CONTENT_TYPES, inputToSteps, liftContentResults } from "@/lib/interactions/input";
import type { Step } from "@/lib/interactions/types";

type Issue = z.core.$ZodIssue;

/** Every rule a create body is checked against; `code` is what lintRequest reports. */
export const RULES = {
  not_object: "The request body must be a JSON object.",
  legacy_contents: "\"contents\" is the generateContent schema; the Interactions API takes \"input\".",
  unknown_field: "Unknown fields are refused by name (the service is strict).",
  invalid_value: "A field has the wrong type or an out-of-range value.",
  model_and_agent: "Exactly one of 'model' or 'agent'.",
  missing_target: "Either 'model' or 'agent' is required ('agent' when 'agent_config' is set).",
  agent_generation_config: "Agent interactions take 'agent_config', not 'generation_config'.",
  model_agent_config: "Only agent interactions take 'agent_config'.",
  background_needs_store: "background=true requires store=true.",
  continuation_token: "No continuation token can be valid (the service never asked for one).",
  missing_input: "'input' is required.",
  empty_input: "'input' must not be empty.",
  turn_list: "Turn lists (role/parts) are refused: use steps or a string.",
  bad_input_shape: "'input' must be a string, a Content object, a Content list or a Step list.",
  empty_required: "An empty \"required\" list in a tool's JSON Schema is refused; omit it.",
  duplicate_function: "Function tool names must be unique.",
  unsupported_schema: "A response schema beyond what the model supports.",
  bad_pace: "labels.sim_pace_ms must be milliseconds between 0 and MAX_PACE_MS.",
} as const;
export type RuleCode = keyof typeof RULES;

export interface RequestIssue {
  path: string;
  code: RuleCode;
  message: string;
}

/** A broken rule: an ApiError("invalid_request") (so the engine answers it as is) naming its rule. */
export class RequestRuleError extends ApiError {
  readonly issues: RequestIssue[];
  constructor(message: string, issues: RequestIssue[]) {
    super("invalid_request", message);
    this.issues = issues;
  }
}

function violate(code: RuleCode, path: string, message: string): never {
  throw new RequestRuleError(message, [{ path, code, message }]);
}


const annotation = z.looseObject({ type: z.string() });
const textContent = z.strictObject({
  type: z.literal("text"),
  text: z.string(),
  annotations: z.array(annotation).optional(),
});
// Media items: the documented fields vary by type and SDK version; accept extra keys but check types.
const media = <T extends string>(type: T) =>
  z.looseObject({
    type: z.literal(type),
    data: z.string().optional(),
    uri: z.string().optional(),
    mime_type: z.string().optional(),
  }).refine((c) => c.data !== undefined || c.uri !== undefined, { message: `a ${type} item needs data or uri` });
export const contentSchema = z.discriminatedUnion("type", [
  textContent,
  media("image"),
  media("audio"),
  media("document"),
  media("video"),
]);

const contentList = z.array(contentSchema);

const callStep = <T extends string>(type: T) => z.looseObject({ type: z.literal(type), id: z.string().min(1) });
const resultStep = <T extends string>(type: T) => z.looseObject({ type: z.literal(type), call_id: z.string().min(1) });

export const stepSchema = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("user_input"), content: contentList.optional() }),
  z.strictObject({
    type: z.literal("model_output"),
    content: contentList.optional(),
    error: z.looseObject({ code: z.number().optional(), message: z.string().optional() }).optional(),
  }),
  z.strictObject({
    type: z.literal("thought"),
    signature: z.string().optional(),
    summary: contentList.optional(),
  }),
  z.strictObject({
    type: z.literal("function_call"),
    id: z.string().min(1),
    name: z.string().min(1),
    arguments: z.record(z.string(), z.unknown()),
    signature: z.string().optional(),
  }),
  z.strictObject({
    type: z.literal("function_result"),
    call_id: z.string().min(1),
    name: z.string().min(1),
    result: z.union([z.string(), contentList, z.record(z.string(), z.unknown())]),
    is_error: z.boolean().optional(),
    signature: z.string().optional(),
  }),
  callStep("code_execution_call"),
  resultStep("code_execution_result"),
  callStep("google_search_call"),
  resultStep("google_search_result"),
  callStep("url_context_call"),
  resultStep("url_context_result"),
  callStep("mcp_server_tool_call"),
  resultStep("mcp_server_tool_result"),
  callStep("file_search_call"),
  resultStep("file_search_result"),
  callStep("google_maps_call"),
  resultStep("google_maps_result"),
  callStep("retrieval_call"),
  resultStep("retrieval_result"),
  callStep("processing_call"),
  resultStep("processing_result"),
]);
const STEP_TYPES: ReadonlySet<string> = new Set(stepSchema.options.map((o) => o.shape.type.value as string));

const functionTool = z.strictObject({
  type: z.literal("function"),
  name: z.string().min(1),
  description: z.string().optional(),
  parameters: z.record(z.string(), z.unknown()).optional(),
});
const builtinTool = <T extends string>(type: T) => z.looseObject({ type: z.literal(type) });
/** MCPServer (d.ts:11844): unknown fields refused; header values are strings (and secrets: never echoed). */
const mcpServerToolSchema = z.strictObject({
  type: z.literal("mcp_server"),
  name: z.string().min(1).optional(),
  url: z.string().optional(),
  headers: z.record(z.string(), z.string()).optional(),
  allowed_tools: z.array(z.strictObject({ mode: z.string().optional(), tools: z.array(z.string()).optional() })).optional(),
});
export const toolSchema = z.discriminatedUnion("type", [
  functionTool,
  builtinTool("code_execution"),
  builtinTool("url_context"),
  builtinTool("google_search"),
  mcpServerToolSchema,
  builtinTool("file_search"),
  builtinTool("computer_use"),
  builtinTool("google_maps"),
  builtinTool("retrieval"),
]);

export const generationConfigSchema = z.strictObject({
  max_output_tokens: z.number().int().positive().optional(),
  seed: z.number().int().optional(),
  stop_sequences: z.array(z.string()).max(16).optional(),
  thinking_level: z.enum(["minimal", "low", "medium", "high"]).optional(),
  thinking_summaries: z.enum(["auto", "none"]).optional(),
  tool_choice: z
    .union([
      z.enum(["auto", "any", "none", "validated"]),
      z.strictObject({
        allowed_tools: z.strictObject({ mode: z.string().optional(), tools: z.array(z.string()).optional() }).optional(),
      }),
    ])
    .optional(),
  temperature: z.number().min(0).max(2).optional(),
  top_p: z.number().min(0).max(1).optional(),
  top_k: z.number().int().positive().optional(), // accepted by the live service (E16)
  speech_config: z.unknown().optional(),
  transcription_config: z.unknown().optional(),
  video_config: z.unknown().optional(),
  image_config: z.unknown().optional(),
});

const responseFormatItem = z.looseObject({ type: z.enum(["text", "image", "audio", "video"]) });

export const createBodySchema = z.strictObject({
  model: z.string().min(1).optional(),
  agent: z.string().min(1).optional(),
  agent_config: z.looseObject({ type: z.string() }).optional(),
  input: z.unknown().optional(),
  background: z.boolean().optional(),
  store: z.boolean().optional(),
  stream: z.boolean().optional(),
  previous_interaction_id: z.string().min(1).optional(),
  continuation_token: z.string().optional(),
  system_instruction: z.string().optional(),
  tools: z.array(toolSchema).optional(),
  generation_config: generationConfigSchema.optional(),
  response_format: z.union([responseFormatItem, z.array(responseFormatItem)]).optional(),
  response_mime_type: z.string().optional(),
  response_modalities: z.array(z.string()).optional(),
  safety_settings: z.array(z.looseObject({ type: z.string(), threshold: z.string() })).optional(),
  service_tier: z.enum(["flex", "standard", "priority", "deferred"]).optional(),
  labels: z.record(z.string(), z.string()).optional(),
  cached_content: z.string().optional(),
  environment: z.union([z.string(), z.looseObject({})]).optional(),
  webhook_config: z.strictObject({ uris: z.array(z.string()).optional(), user_metadata: z.record(z.string(), z.unknown()).optional() }).optional(),
});
export type CreateBody = z.infer<typeof createBodySchema>;

export interface CreateRequest {
  kind: "model" | "agent";
  /** The model or agent id. */
  target: string;
  body: CreateBody;
  inputSteps: Step[];
  stream: boolean;
  background: boolean;
  store: boolean;
  previousId?: string;
  /** From labels.sim_pace_ms, if given. */
  labelPaceMs?: number;
}

function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const p of path) {
    if (typeof p === "number") out += `[${p}]`;
    else out += out ? `.${String(p)}` : String(p);
  }
  return out;
}

function describeIssue(issue: Issue, prefix: readonly PropertyKey[]): string {
  const path = formatPath([...prefix, ...issue.path]);
  if (issue.code === "unrecognized_keys") {
    const at = path ? ` at '${path}'` : "";
    return issue.keys.map((k) => `Unknown name "${k}"${at}: Cannot find field.`).join(" ");
  }
  if (issue.code === "invalid_union" && "note" in issue && issue.note === "No matching discriminator") {
    const options = "options" in issue && Array.isArray(issue.options) ? issue.options.join(", ") : "";
    return `Invalid value at '${path}': unsupported type${options ? ` (expected one of: ${options})` : ""}.`;
  }
  const msg = issue.message.replace(/^Invalid input: /, "");
  return `Invalid value at '${path || "(body)"}': ${msg}.`;
}

/** Throw one invalid_request naming the fields at fault (unknown names first, as Google does). */
export function fail(issues: readonly Issue[], prefix: readonly PropertyKey[] = []): never {
  const sorted = [...issues].sort((a, b) => Number(b.code === "unrecognized_keys") - Number(a.code === "unrecognized_keys"));
  const parts = sorted.slice(0, 3).map((i) => describeIssue(i, prefix));
  const lead = sorted[0]?.code === "unrecognized_keys" ? "Invalid JSON payload received. " : "Invalid input received. ";
  const all = sorted.map((i) => ({
    path: formatPath([...prefix, ...i.path]),
    code: (i.code === "unrecognized_keys" ? "unknown_field" : "invalid_value") as RuleCode,
    message: describeIssue(i, prefix),
  }));
  throw new RequestRuleError(lead + parts.join(" "), all);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

const TURN_LIST_MESSAGE =
  "Invalid input: use step_list input format instead of turn_list (e.g. [{\"type\":\"user_input\",\"content\":[{\"type\":\"text\",\"text\":\"…\"}]}]), or pass a string.";

/** Reference §3: validate string | Content | Content[] | Step[], then read it as steps (the shared reader). */
export function normalizeInput(raw: unknown): Step[] {
  // function_result blocks inside user_input content are read as function_result steps (see input.ts).
  const input = liftContentResults(raw);
  if (typeof input === "string") {
    if (!input.trim()) violate("empty_input", "input", "Invalid value at 'input': input must not be empty.");
    return inputToSteps(input);
  }
  if (isObject(input)) {
    if ("role" in input || "parts" in input) violate("turn_list", "input", TURN_LIST_MESSAGE);
    const isStep = typeof input.type === "string" && STEP_TYPES.has(input.type);
    const parsed = (isStep ? stepSchema : contentSchema).safeParse(input);
    if (!parsed.success) fail(parsed.error.issues, ["input"]);
    return inputToSteps(parsed.data);
  }
  if (Array.isArray(input)) {
    if (input.length === 0) violate("empty_input", "input", "Invalid value at 'input': input must not be empty.");
    if (input.some((x) => isObject(x) && ("role" in x || "parts" in x))) violate("turn_list", "input", TURN_LIST_MESSAGE);
    const first = input[0];
    const firstType = isObject(first) && typeof first.type === "string" ? first.type : undefined;
    // One list is either all content items or all steps (never mixed).
    const parsed = (firstType !== undefined && CONTENT_TYPES.has(firstType) ? contentList : z.array(stepSchema)).safeParse(input);
    if (!parsed.success) fail(parsed.error.issues, ["input"]);
    return inputToSteps(parsed.data);
  }
  violate("bad_input_shape", "input", "Invalid value at 'input': expected a string, a Content object, a Content list or a Step list.");
}

/** `required: []` anywhere in a tool's JSON Schema is refused by the live service (E16). */
function findEmptyRequired(schema: unknown, path: string): string | undefined {
  if (Array.isArray(schema)) {
    for (let i = 0; i < schema.length; i++) {
      const hit = findEmptyRequired(schema[i], `${path}[${i}]`);
      if (hit) return hit;
    }
    return undefined;
  }
  if (!isObject(schema)) return undefined;
  if (Array.isArray(schema.required) && schema.required.length === 0) return `${path}.required`;
  for (const [k, v] of Object.entries(schema)) {
    if (typeof v === "object" && v !== null) {
      const hit = findEmptyRequired(v, `${path}.${k}`);
      if (hit) return hit;
    }
  }
  return undefined;
}

export const MAX_PACE_MS = 60_000;

export function parsePace(raw: string, where: string): number {
  const n = Number(raw);
  if (raw.trim() === "" || !Number.isFinite(n) || n < 0 || n > MAX_PACE_MS) {
    violate("bad_pace", where, `Invalid value at '${where}': expected a number of milliseconds between 0 and ${MAX_PACE_MS}.`);
  }
  return n;
}

export interface RuleOptions {
  /** The model's response-schema support (the engine passes its simulator's); undefined = no check. */
  checkSchema?: (schema: unknown) => string | undefined | null;
}

/** Validate a parsed JSON create body. Throws a RequestRuleError (an ApiError, invalid_request) with a precise message. */
export function parseCreateBody(raw: unknown, opts: RuleOptions = {}): CreateRequest {
  if (!isObject(raw)) violate("not_object", "", "Invalid JSON payload received. The request body must be a JSON object.");
  if ("contents" in raw) {
    violate(
      "legacy_contents",
      "contents",
      "Invalid JSON payload received. Unknown name \"contents\": this is the generateContent schema; the Interactions API takes \"input\" (a string, Content, Content[] or Step[]).",
    );
  }
  const parsed = createBodySchema.safeParse(raw);
  if (!parsed.success) fail(parsed.error.issues);
  const body = parsed.data;

  if (body.model && body.agent) violate("model_and_agent", "agent", "Specify either 'model' or 'agent', not both.");
  if (!body.model && !body.agent) {
    violate(
      "missing_target",
      body.agent_config ? "agent" : "model",
      body.agent_config ? "'agent' is required when 'agent_config' is set." : "Either 'model' or 'agent' is required.",
    );
  }
  const kind = body.agent ? "agent" : "model";
  if (kind === "agent" && body.generation_config) {
    violate("agent_generation_config", "generation_config", "Invalid JSON payload received. Unknown name \"generation_config\": agent interactions take 'agent_config' instead.");
  }
  if (kind === "model" && body.agent_config) {
    violate("model_agent_config", "agent_config", "Invalid JSON payload received. Unknown name \"agent_config\": only agent interactions take it.");
  }
  const store = body.store ?? true;
  const background = body.background ?? false;
  if (background && !store) violate("background_needs_store", "background", "background=true requires store=true: a background interaction must be stored to be retrieved.");
  if (body.continuation_token !== undefined) {
    // The engine never issues requires_continuation, so no token it receives can be valid.
    violate("continuation_token", "continuation_token", "Invalid value at 'continuation_token': unknown or expired continuation token.");
  }
  if (body.input === undefined) violate("missing_input", "input", "Invalid value at 'input': input is required.");
  const inputSteps = normalizeInput(body.input);

  body.tools?.forEach((tool, i) => {
    if (tool.type !== "function") return;
    const hit = findEmptyRequired((tool as { parameters?: unknown }).parameters, `tools[${i}].parameters`);
    if (hit) violate("empty_required", hit, `Invalid value at '${hit}': an empty "required" list is not allowed; omit the field instead.`);
    const dup = body.tools?.findIndex((t, j) => j < i && t.type === "function" && (t as { name?: string }).name === tool.name);
    if (dup !== undefined && dup >= 0) violate("duplicate_function", `tools[${i}].name`, `Invalid value at 'tools[${i}].name': duplicate function name '${tool.name}'.`);
  });

  // Response schemas beyond the subset the simulator honours get a 400, as Google answers schemas
  // that are too complex (reference §5.3).
  const formats = body.response_format === undefined ? [] : Array.isArray(body.response_format) ? body.response_format : [body.response_format];
  formats.forEach((fmt, i) => {
    const schema = (fmt as { schema?: unknown }).schema;
    if (schema === undefined) return;
    const problem = opts.checkSchema?.(schema);
    const at = Array.isArray(body.response_format) ? `response_format[${i}].schema` : "response_format.schema";
    if (problem) violate("unsupported_schema", at, `Invalid value at '${at}': ${problem}.`);
  });

  const labelPace = body.labels?.sim_pace_ms;
  return {
    kind,
    target: (body.model ?? body.agent) as string,
    body,
    inputSteps,
    stream: body.stream ?? false,
    background,
    store,
    previousId: body.previous_interaction_id,
    labelPaceMs: labelPace !== undefined ? parsePace(labelPace, "labels.sim_pace_ms") : undefined,
  };
}

/**
 * Every rule the body breaks, as {path, code, message} (an empty list: the service would accept
 * it). The checks run in the engine's order and stop at the first failing stage, as the engine
 * does; the zod stage reports all of its issues.
 */
export function lintRequest(body: unknown, opts: RuleOptions = {}): RequestIssue[] {
  try {
    parseCreateBody(body, opts);
    return [];
  } catch (e) {
    if (e instanceof RequestRuleError) return e.issues;
    throw e;
  }
}
