// After a turn with a response_format schema: does the model's JSON output validate against it?
// "valid", or the first error with its JSON path (Ajv, the same instance the editors use — loaded
// on the first check, so a page without a response schema never downloads it).
import type { Step } from "@/lib/interactions/types";

export type OutputCheck =
  | { state: "none" }
  | { state: "valid" }
  | { state: "invalid"; path: string; message: string }
  | { state: "not-json"; message: string };

/** The JSON schema a request asked for (the first text format with a schema), if any. */
export function requestedSchema(request: Record<string, unknown> | null | undefined): Record<string, unknown> | null {
  const rf = request?.response_format;
  const list = Array.isArray(rf) ? rf : rf ? [rf] : [];
  for (const f of list) {
    if (f && typeof f === "object" && (f as { type?: unknown }).type === "text") {
      const s = (f as { schema?: unknown }).schema;
      if (s && typeof s === "object" && !Array.isArray(s)) return s as Record<string, unknown>;
    }
  }
  return null;
}

/** The text of the model's output steps, joined. */
export function outputText(steps: Step[]): string {
  return steps
    .filter((s) => s.type === "model_output")
    .flatMap((s) => s.content ?? [])
    .map((c) => (c.type === "text" ? (c.text ?? "") : ""))
    .join("");
}

/** `/a/0/b` → `$.a[0].b` (how the check names where it failed). */
export function jsonPath(pointer: string): string {
  if (!pointer) return "$";
  return (
    "$" +
    pointer
      .split("/")
      .slice(1)
      .map((seg) => seg.replace(/~1/g, "/").replace(/~0/g, "~"))
      .map((seg) => (/^\d+$/.test(seg) ? `[${seg}]` : /^[A-Za-z_$][\w$]*$/.test(seg) ? `.${seg}` : `[${JSON.stringify(seg)}]`))
      .join("")
  );
}

export async function checkOutput(schema: Record<string, unknown> | null, text: string): Promise<OutputCheck> {
  if (!schema) return { state: "none" };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return { state: "not-json", message: `The output is not JSON: ${(e as Error).message}` };
  }
  const { getAjv } = await import("./schema-check");
  let validate;
  try {
    validate = getAjv().compile(schema);
  } catch (e) {
    return { state: "invalid", path: "$", message: `The schema itself does not compile: ${(e as Error).message}` };
  }
  if (validate(value)) return { state: "valid" };
  const err = validate.errors?.[0];
  let message = err?.message ?? "does not match the schema";
  if (err?.keyword === "additionalProperties" && typeof err.params.additionalProperty === "string") message += ` ("${err.params.additionalProperty}")`;
  if (err?.keyword === "required" && typeof err.params.missingProperty === "string") message = `must have required property "${err.params.missingProperty}"`;
  return { state: "invalid", path: jsonPath(err?.instancePath ?? ""), message };
}
