// Two-level validation of a JSON Schema typed in the configurator:
//  1. is it valid JSON Schema — Ajv against the draft-07 meta-schema bundled with Ajv (never fetched);
//  2. will the service accept it — the request linter's rules (lint.ts), run on the exact request
//     fragment it becomes (a tools[] entry or response_format), so the message is the service's.
import Ajv, { type ErrorObject } from "ajv";
import { lintRequest, type Finding } from "./lint";
import { parseSchemaText } from "./schema-text";

export interface SchemaIssue {
  /** JSON Pointer-ish path inside the schema ("" for the root). */
  path: string;
  message: string;
}

export interface SchemaCheck {
  /** The parsed schema (undefined when the text is empty or not JSON). */
  value: Record<string, unknown> | undefined;
  /** Text does not parse (or is not an object). */
  parseError: string | null;
  /** Level 1: meta-schema violations. */
  schemaErrors: SchemaIssue[];
  /** Level 2: what the service would refuse, and warnings. */
  service: Finding[];
}

let ajv: Ajv | null = null;
/** One Ajv per page: compiling the meta-schema is the expensive part. */
export function getAjv(): Ajv {
  // strict:false — user schemas may carry annotations Ajv does not know; we report, not refuse.
  ajv ??= new Ajv({ strict: false, allErrors: false, validateSchema: true });
  return ajv;
}

export function describeAjvError(e: ErrorObject): SchemaIssue {
  const path = e.instancePath || "";
  let message = e.message ?? "invalid";
  if (e.keyword === "additionalProperties" && typeof e.params.additionalProperty === "string") message += ` ("${e.params.additionalProperty}")`;
  if (e.keyword === "enum" && Array.isArray(e.params.allowedValues)) message += `: ${e.params.allowedValues.map((v) => JSON.stringify(v)).join(", ")}`;
  return { path, message };
}

/** Level 1 only: meta-schema errors for a parsed schema (and schemas Ajv cannot compile, e.g. a dangling $ref). */
export function metaSchemaErrors(schema: Record<string, unknown>): SchemaIssue[] {
  const a = getAjv();
  if (!a.validateSchema(schema)) return (a.errors ?? []).map(describeAjvError);
  try {
    a.compile(schema);
  } catch (e) {
    return [{ path: "", message: (e as Error).message }];
  }
  return [];
}

function check(text: string, fragment: (v: Record<string, unknown>) => Record<string, unknown>, prefix: string): SchemaCheck {
  const parsed = parseSchemaText(text);
  if (parsed.error || !parsed.value) return { value: undefined, parseError: parsed.error, schemaErrors: [], service: [] };
  const body = { model: "m", input: "x", ...fragment(parsed.value) };
  const service = lintRequest(body).filter((f) => f.path.startsWith(prefix));
  return { value: parsed.value, parseError: null, schemaErrors: metaSchemaErrors(parsed.value), service };
}

/** A function's parameters schema, checked as `tools[0]` of a request. */
export function checkFunctionParameters(text: string, name = "f"): SchemaCheck {
  return check(text, (v) => ({ tools: [{ type: "function", name: name || "f", parameters: v }] }), "tools[0].parameters");
}

/** A response schema, checked as `response_format.schema`. */
export function checkResponseSchema(text: string): SchemaCheck {
  return check(text, (v) => ({ response_format: { type: "text", mime_type: "application/json", schema: v } }), "response_format");
}

export function hasBlockingProblem(c: SchemaCheck): boolean {
  return !!c.parseError || c.schemaErrors.length > 0 || c.service.some((f) => f.level === "error");
}
