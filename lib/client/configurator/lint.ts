// The request linter: what the service would reject in an assembled create body — the shared
// rules table (lib/contract/request-rules.ts, the same one the engine validates with, with its
// messages and the live service's text where reference §12 quotes it) — plus warnings for what is
// legal but likely a mistake. Browser-safe.
// Off the first page: the session pane's request-lint.tsx imports this on first need, and the
// configurator and schema checks load with their own views, so the rules table's zod stays off it.
// eslint-disable-next-line @typescript-eslint/no-restricted-imports
import { lintRequest as lintRules } from "@/lib/contract/request-rules";

export type FindingLevel = "error" | "warning";

export interface Finding {
  level: FindingLevel;
  /** The rules table's code for errors (e.g. `empty_required`); a warning's own id otherwise. */
  rule: string;
  /** Where in the body, e.g. `tools[0].parameters.required` ("" for the body itself). */
  path: string;
  message: string;
}

export interface LintContext {
  /** The request the previous turn of the chain sent (for "not inherited" warnings). */
  previousRequest?: Record<string, unknown> | null;
}

/** Reference §5.1: keywords the service accepts in a function schema but does not enforce. */
const IGNORED_SCHEMA_KEYWORDS = ["minLength", "maxLength", "minProperties", "maxProperties", "uniqueItems", "contains", "minContains", "maxContains"];

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function ignoredKeywords(schema: unknown, path: string, out: Finding[]): void {
  if (Array.isArray(schema)) return schema.forEach((s, i) => ignoredKeywords(s, `${path}[${i}]`, out));
  if (!isObject(schema)) return;
  for (const [k, v] of Object.entries(schema)) {
    // Inside `properties` the keys are property names, not keywords.
    if (IGNORED_SCHEMA_KEYWORDS.includes(k) && typeof v !== "object") {
      out.push({ level: "warning", rule: "ignored-keyword", path: `${path}.${k}`, message: `"${k}" is accepted but not enforced by the service (reference §5.1).` });
    }
    if (typeof v === "object" && v !== null) {
      if (k === "properties" && isObject(v)) for (const [p, sub] of Object.entries(v)) ignoredKeywords(sub, `${path}.properties.${p}`, out);
      else ignoredKeywords(v, `${path}.${k}`, out);
    }
  }
}

/** Output-only fields a user may copy from an interaction into a request: say what to send instead. */
const OUTPUT_ONLY_HINTS: Record<string, string> = {
  environment_id: " (environment_id is output-only; send \"environment\" with that id to reuse an environment)",
};

/** Every problem the service would reject (from the rules table), then the warnings. */
export function lintRequest(body: unknown, ctx: LintContext = {}): Finding[] {
  const out: Finding[] = lintRules(body).map((i) => {
    const hint = Object.entries(OUTPUT_ONLY_HINTS).find(([k]) => i.code === "unknown_field" && i.message.includes(`"${k}"`))?.[1] ?? "";
    return { level: "error" as const, rule: i.code, path: i.path, message: i.message + hint };
  });
  if (!isObject(body)) return out;

  const gen = body.generation_config;
  if (isObject(gen)) {
    for (const k of ["temperature", "top_p"]) {
      if (k in gen) out.push({ level: "warning", rule: "deprecated", path: `generation_config.${k}`, message: `"${k}" is deprecated in the Interactions API (reference §5.2).` });
    }
  }
  if (Array.isArray(body.tools)) {
    body.tools.forEach((t, i) => {
      if (isObject(t) && t.type === "function") ignoredKeywords(t.parameters, `tools[${i}].parameters`, out);
    });
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
