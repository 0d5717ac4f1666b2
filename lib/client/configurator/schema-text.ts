// A JSON Schema typed in the configurator, parsed (no validation): what request.ts needs to build
// the wire body. Kept apart from schema-check.ts so planning a request never loads Ajv.

export function parseSchemaText(text: string): { value?: Record<string, unknown>; error: string | null } {
  const t = text.trim();
  if (!t) return { error: null };
  let v: unknown;
  try {
    v = JSON.parse(t);
  } catch (e) {
    return { error: `Not valid JSON: ${(e as Error).message}` };
  }
  if (!v || typeof v !== "object" || Array.isArray(v)) return { error: "A JSON Schema here must be an object, e.g. {\"type\": \"object\"}" };
  return { value: v as Record<string, unknown>, error: null };
}
