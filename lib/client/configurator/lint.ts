// The request linter: what the service would reject in an assembled create body, with the same
// message the engine answers (lib/engine/validation.ts; the live text where reference §12 quotes
// it), plus warnings for what is legal but likely a mistake. Browser-safe (no engine imports):
// lint.test.ts runs every rule here against the engine's validator so the messages cannot drift.
// Once the shared browser-safe rules table (lib/contract/request-rules.ts) lands, these rules
// move behind it.

export type FindingLevel = "error" | "warning";

export interface Finding {
  level: FindingLevel;
  /** Rule id, stable for tests and docs. */
  rule: string;
  /** Where in the body, e.g. `tools[0].parameters.required` ("" for the body itself). */
  path: string;
  message: string;
}

export interface LintContext {
  /** The request the previous turn of the chain sent (for "not inherited" warnings). */
  previousRequest?: Record<string, unknown> | null;
}

const TOP_LEVEL_KEYS = new Set([
  "model", "agent", "agent_config", "input", "background", "store", "stream", "previous_interaction_id", "continuation_token",
  "system_instruction", "tools", "generation_config", "response_format", "response_mime_type", "response_modalities",
  "safety_settings", "service_tier", "labels", "cached_content", "environment", "webhook_config",
]);
const GENERATION_CONFIG_KEYS = new Set([
  "max_output_tokens", "seed", "stop_sequences", "thinking_level", "thinking_summaries", "tool_choice", "temperature", "top_p",
  "top_k", "speech_config", "transcription_config", "video_config", "image_config",
]);
const FUNCTION_TOOL_KEYS = new Set(["type", "name", "description", "parameters"]);
export const TOOL_TYPES = ["function", "code_execution", "url_context", "google_search", "mcp_server", "file_search", "computer_use", "google_maps", "retrieval"];
const RESPONSE_FORMAT_TYPES = ["text", "image", "audio", "video"];
/** Reference §5.1: keywords the service accepts in a function schema but does not enforce. */
const IGNORED_SCHEMA_KEYWORDS = ["minLength", "maxLength", "minProperties", "maxProperties", "uniqueItems", "contains", "minContains", "maxContains"];
const STEP_KEYS: Record<string, string[]> = {
  user_input: ["type", "content"],
  model_output: ["type", "content", "error"],
  thought: ["type", "signature", "summary"],
  function_call: ["type", "id", "name", "arguments", "signature"],
  function_result: ["type", "call_id", "name", "result", "is_error", "signature"],
};

export const TURN_LIST_MESSAGE =
  "Invalid input: use step_list input format instead of turn_list (e.g. [{\"type\":\"user_input\",\"content\":[{\"type\":\"text\",\"text\":\"…\"}]}]), or pass a string.";
export const LEGACY_CONTENTS_MESSAGE =
  "Invalid JSON payload received. Unknown name \"contents\": this is the generateContent schema; the Interactions API takes \"input\" (a string, Content, Content[] or Step[]).";

const unknownName = (key: string, at: string) => `Invalid JSON payload received. Unknown name "${key}"${at ? ` at '${at}'` : ""}: Cannot find field.`;
const invalidValue = (at: string, what: string) => `Invalid input received. Invalid value at '${at}': ${what}.`;

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function typeName(v: unknown): string {
  if (v === undefined) return "undefined";
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  return typeof v;
}

/** Path of the first `required: []` in a JSON Schema (E16), or undefined. */
export function findEmptyRequired(schema: unknown, path: string): string | undefined {
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

export function emptyRequiredMessage(at: string): string {
  return `Invalid value at '${at}': an empty "required" list is not allowed; omit the field instead.`;
}

function ignoredKeywords(schema: unknown, path: string, out: Finding[]): void {
  if (Array.isArray(schema)) return schema.forEach((s, i) => ignoredKeywords(s, `${path}[${i}]`, out));
  if (!isObject(schema)) return;
  for (const [k, v] of Object.entries(schema)) {
    // Inside `properties` the keys are property names, not keywords.
    if (k !== "properties" && IGNORED_SCHEMA_KEYWORDS.includes(k) && typeof v !== "object") {
      out.push({ level: "warning", rule: "ignored-keyword", path: `${path}.${k}`, message: `"${k}" is accepted but not enforced by the service (reference §5.1).` });
    }
    if (typeof v === "object" && v !== null) {
      if (k === "properties" && isObject(v)) for (const [p, sub] of Object.entries(v)) ignoredKeywords(sub, `${path}.properties.${p}`, out);
      else ignoredKeywords(v, `${path}.${k}`, out);
    }
  }
}

function lintTools(tools: unknown, out: Finding[]): void {
  if (!Array.isArray(tools)) {
    out.push({ level: "error", rule: "tools-type", path: "tools", message: invalidValue("tools", `expected array, received ${typeName(tools)}`) });
    return;
  }
  const names = new Map<string, number>();
  tools.forEach((tool, i) => {
    const at = `tools[${i}]`;
    if (!isObject(tool) || typeof tool.type !== "string" || !TOOL_TYPES.includes(tool.type)) {
      out.push({ level: "error", rule: "tool-type", path: `${at}.type`, message: invalidValue(`${at}.type`, `unsupported type (expected one of: ${TOOL_TYPES.join(", ")})`) });
      return;
    }
    if (tool.type !== "function") return;
    for (const k of Object.keys(tool)) {
      if (!FUNCTION_TOOL_KEYS.has(k)) out.push({ level: "error", rule: "unknown-field", path: `${at}.${k}`, message: unknownName(k, at) });
    }
    if (typeof tool.name !== "string" || tool.name.length === 0) {
      const what = typeof tool.name === "string" ? "Too small: expected string to have >=1 characters" : `expected string, received ${typeName(tool.name)}`;
      out.push({ level: "error", rule: "function-name", path: `${at}.name`, message: invalidValue(`${at}.name`, what) });
    }
    if (tool.parameters !== undefined && !isObject(tool.parameters)) {
      out.push({ level: "error", rule: "parameters-type", path: `${at}.parameters`, message: invalidValue(`${at}.parameters`, `expected record, received ${typeName(tool.parameters)}`) });
    }
    const hit = findEmptyRequired(tool.parameters, `${at}.parameters`);
    if (hit) out.push({ level: "error", rule: "empty-required", path: hit, message: emptyRequiredMessage(hit) });
    if (typeof tool.name === "string" && tool.name) {
      if (names.has(tool.name)) {
        out.push({ level: "error", rule: "duplicate-function", path: `${at}.name`, message: `Invalid value at '${at}.name': duplicate function name '${tool.name}'.` });
      } else names.set(tool.name, i);
    }
    ignoredKeywords(tool.parameters, `${at}.parameters`, out);
  });
}

function lintInput(input: unknown, out: Finding[]): void {
  if (input === undefined) {
    out.push({ level: "error", rule: "input-required", path: "input", message: "Invalid value at 'input': input is required." });
    return;
  }
  const list = Array.isArray(input) ? input : isObject(input) ? [input] : null;
  if (!list) return;
  if (list.some((x) => isObject(x) && ("role" in x || "parts" in x))) {
    out.push({ level: "error", rule: "turn-list", path: "input", message: TURN_LIST_MESSAGE });
    return;
  }
  list.forEach((step, i) => {
    if (!isObject(step) || typeof step.type !== "string") return;
    const at = Array.isArray(input) ? `input[${i}]` : "input";
    const allowed = STEP_KEYS[step.type];
    if (allowed) {
      for (const k of Object.keys(step)) {
        if (!allowed.includes(k)) {
          const rule = k === "environment_id" ? "environment-id-input" : "unknown-field";
          out.push({ level: "error", rule, path: `${at}.${k}`, message: unknownName(k, at) });
        }
      }
    }
    if (step.type === "function_result") {
      for (const k of ["call_id", "name"] as const) {
        if (typeof step[k] !== "string" || step[k] === "") {
          const what = typeof step[k] === "string" ? "Too small: expected string to have >=1 characters" : `expected string, received ${typeName(step[k])}`;
          out.push({ level: "error", rule: `function-result-${k.replace("_", "-")}`, path: `${at}.${k}`, message: invalidValue(`${at}.${k}`, what) });
        }
      }
    }
  });
}

/** Every problem the service would reject, then the warnings. Errors carry the service's text. */
export function lintRequest(body: unknown, ctx: LintContext = {}): Finding[] {
  const out: Finding[] = [];
  if (!isObject(body)) {
    return [{ level: "error", rule: "body-type", path: "", message: "Invalid JSON payload received. The request body must be a JSON object." }];
  }
  // The engine stops at the legacy shape: nothing else in such a body is meaningful.
  if ("contents" in body) return [{ level: "error", rule: "legacy-contents", path: "contents", message: LEGACY_CONTENTS_MESSAGE }];
  for (const k of Object.keys(body)) {
    if (k === "contents" || TOP_LEVEL_KEYS.has(k)) continue;
    const rule = k === "environment_id" ? "environment-id-input" : "unknown-field";
    out.push({ level: "error", rule, path: k, message: unknownName(k, "") });
  }
  const gen = body.generation_config;
  if (isObject(gen)) {
    for (const k of Object.keys(gen)) {
      if (!GENERATION_CONFIG_KEYS.has(k)) out.push({ level: "error", rule: "unknown-generation-config", path: `generation_config.${k}`, message: unknownName(k, "generation_config") });
    }
    for (const k of ["temperature", "top_p"]) {
      if (k in gen) out.push({ level: "warning", rule: "deprecated", path: `generation_config.${k}`, message: `"${k}" is deprecated in the Interactions API (reference §5.2).` });
    }
  }
  if (body.model && body.agent) out.push({ level: "error", rule: "model-and-agent", path: "agent", message: "Specify either 'model' or 'agent', not both." });
  if (!body.model && !body.agent) {
    out.push({ level: "error", rule: "model-or-agent", path: "model", message: body.agent_config ? "'agent' is required when 'agent_config' is set." : "Either 'model' or 'agent' is required." });
  }
  if (body.agent && body.generation_config !== undefined) {
    out.push({ level: "error", rule: "agent-generation-config", path: "generation_config", message: "Invalid JSON payload received. Unknown name \"generation_config\": agent interactions take 'agent_config' instead." });
  }
  if (body.model && !body.agent && body.agent_config !== undefined) {
    out.push({ level: "error", rule: "model-agent-config", path: "agent_config", message: "Invalid JSON payload received. Unknown name \"agent_config\": only agent interactions take it." });
  }
  if (body.background === true && body.store === false) {
    out.push({ level: "error", rule: "background-store", path: "background", message: "background=true requires store=true: a background interaction must be stored to be retrieved." });
  }
  lintInput(body.input, out);
  if (body.tools !== undefined) lintTools(body.tools, out);
  const formats = body.response_format === undefined ? [] : Array.isArray(body.response_format) ? body.response_format : [body.response_format];
  // One object or a list of them: a wrong item fails the whole union, as the engine reports it.
  if (formats.some((f) => !isObject(f) || typeof f.type !== "string" || !RESPONSE_FORMAT_TYPES.includes(f.type))) {
    out.push({ level: "error", rule: "response-format-type", path: "response_format", message: invalidValue("response_format", "Invalid input") });
  }

  // Legal, but probably not what the user meant (reference §12 E8: nothing is inherited).
  const prev = ctx.previousRequest;
  if (typeof body.previous_interaction_id === "string" && prev) {
    if (Array.isArray(prev.tools) && prev.tools.length && !(Array.isArray(body.tools) && body.tools.length)) {
      out.push({ level: "warning", rule: "tools-dropped", path: "tools", message: "The previous turn declared tools and this chained turn sends none: tools are not inherited through previous_interaction_id, so the model will not see them." });
    }
    if (typeof prev.system_instruction === "string" && prev.system_instruction.trim() && !body.system_instruction) {
      out.push({ level: "warning", rule: "system-instruction-dropped", path: "system_instruction", message: "The previous turn had a system instruction and this chained turn sends none: it is not inherited through previous_interaction_id." });
    }
  }
  return out;
}

export const lintErrors = (findings: Finding[]) => findings.filter((f) => f.level === "error");
