// The JSON Schema subset the simulator can honour, the check that reports anything beyond it, and
// validation with ajv. The engine calls checkSchemaSupported at request validation time and answers
// 400 with the reason, as Google answers 400 for schemas that are too complex.
import Ajv, { type ValidateFunction } from "ajv";

export type Schema = Record<string, unknown>;

export const MAX_SCHEMA_DEPTH = 8;
export const MAX_SCHEMA_NODES = 1000;

const TYPES = new Set(["object", "array", "string", "number", "integer", "boolean", "null"]);

/** Keywords honoured by the generator and checked by the validator. */
const HONOURED = new Set([
  "type", "properties", "required", "items", "enum", "const", "minItems", "maxItems", "minimum", "maximum",
  "exclusiveMinimum", "exclusiveMaximum", "nullable", "anyOf", "minLength", "maxLength", "uniqueItems",
  "minProperties", "maxProperties", "additionalProperties",
]);
/** Keywords accepted and ignored (annotations, or ones Gemini itself ignores). */
const IGNORED = new Set([
  "description", "title", "format", "default", "examples", "example", "$schema", "$comment", "deprecated", "readOnly",
  "writeOnly", "propertyOrdering", "contains", "minContains", "maxContains",
]);
const UNSUPPORTED: Record<string, string> = {
  $ref: "references ($ref) are not supported; inline the referenced schema",
  $defs: "definitions ($defs) are not supported; inline them",
  definitions: "definitions are not supported; inline them",
  $id: "$id is not supported",
  $anchor: "$anchor is not supported",
  $dynamicRef: "$dynamicRef is not supported",
  pattern: "pattern is not supported (the simulator cannot generate strings for arbitrary regular expressions)",
  patternProperties: "patternProperties is not supported",
  propertyNames: "propertyNames is not supported",
  oneOf: "oneOf is not supported; use anyOf",
  allOf: "allOf is not supported; merge the schemas",
  not: "not is not supported",
  if: "if/then/else is not supported",
  then: "if/then/else is not supported",
  else: "if/then/else is not supported",
  dependentRequired: "dependentRequired is not supported",
  dependentSchemas: "dependentSchemas is not supported",
  dependencies: "dependencies is not supported",
  prefixItems: "prefixItems (tuples) are not supported",
  additionalItems: "additionalItems (tuples) are not supported",
  unevaluatedProperties: "unevaluatedProperties is not supported",
  unevaluatedItems: "unevaluatedItems is not supported",
  multipleOf: "multipleOf is not supported",
  contentMediaType: "contentMediaType is not supported",
  contentEncoding: "contentEncoding is not supported",
  contentSchema: "contentSchema is not supported",
};

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return !!v && typeof v === "object" && !Array.isArray(v);
}

function isNonNegInt(v: unknown): boolean {
  return typeof v === "number" && Number.isInteger(v) && v >= 0;
}

function typesOf(schema: Schema): string[] | null {
  const t = schema.type;
  if (t === undefined) return null;
  const list = Array.isArray(t) ? t : [t];
  return list.map((x) => String(x).toLowerCase());
}

function matchesType(value: unknown, type: string): boolean {
  switch (type) {
    case "null":
      return value === null;
    case "boolean":
      return typeof value === "boolean";
    case "string":
      return typeof value === "string";
    case "number":
      return typeof value === "number" && Number.isFinite(value);
    case "integer":
      return typeof value === "number" && Number.isInteger(value);
    case "array":
      return Array.isArray(value);
    case "object":
      return isPlainObject(value);
    default:
      return false;
  }
}

/**
 * null when the simulator supports `schema`, else the reason (with the JSON pointer of the
 * offending node). Supported: type (object, array, string, number, integer, boolean, null, or a
 * list of them), properties, required, items, enum, const, minItems/maxItems, minimum/maximum,
 * exclusiveMinimum/exclusiveMaximum, minLength/maxLength, uniqueItems, minProperties/maxProperties,
 * additionalProperties (true/false), nullable, anyOf, and annotations (description, title, format,
 * default, examples, propertyOrdering). Nesting deeper than 8 levels is refused.
 */
export function checkSchemaSupported(schema: unknown): string | null {
  let nodes = 0;
  const walk = (node: unknown, path: string, depth: number): string | null => {
    const at = path || "/";
    if (node === true) return null;
    if (!isPlainObject(node)) return `schema at ${at} must be a JSON object`;
    if (depth > MAX_SCHEMA_DEPTH) return `schema is nested deeper than ${MAX_SCHEMA_DEPTH} levels (at ${at})`;
    if (++nodes > MAX_SCHEMA_NODES) return `schema has more than ${MAX_SCHEMA_NODES} subschemas`;
    for (const key of Object.keys(node)) {
      if (key.startsWith("x-")) continue;
      if (UNSUPPORTED[key]) return `${UNSUPPORTED[key]} (at ${at})`;
      if (!HONOURED.has(key) && !IGNORED.has(key)) return `unknown schema keyword "${key}" (at ${at})`;
    }
    const types = typesOf(node);
    if (types) {
      if (!types.length) return `type must not be empty (at ${at})`;
      for (const t of types) if (!TYPES.has(t)) return `unsupported type "${t}" (at ${at})`;
    }
    if ("nullable" in node && typeof node.nullable !== "boolean") return `nullable must be a boolean (at ${at})`;
    if ("description" in node && typeof node.description !== "string") return `description must be a string (at ${at})`;
    if ("format" in node && typeof node.format !== "string") return `format must be a string (at ${at})`;
    if ("additionalProperties" in node && typeof node.additionalProperties !== "boolean")
      return `additionalProperties must be true or false; a schema there is not supported (at ${at})`;
    for (const k of ["minItems", "maxItems", "minLength", "maxLength", "minProperties", "maxProperties"]) {
      if (k in node && !isNonNegInt(node[k])) return `${k} must be a non-negative integer (at ${at})`;
    }
    for (const k of ["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"]) {
      if (k in node && (typeof node[k] !== "number" || !Number.isFinite(node[k]))) return `${k} must be a number (at ${at})`;
    }
    if ("uniqueItems" in node && typeof node.uniqueItems !== "boolean") return `uniqueItems must be a boolean (at ${at})`;
    const pairs: [string, string][] = [
      ["minItems", "maxItems"],
      ["minLength", "maxLength"],
      ["minProperties", "maxProperties"],
      ["minimum", "maximum"],
    ];
    for (const [lo, hi] of pairs) {
      if (typeof node[lo] === "number" && typeof node[hi] === "number" && (node[lo] as number) > (node[hi] as number))
        return `${lo} is greater than ${hi}, so no value can satisfy the schema (at ${at})`;
    }
    if ("enum" in node) {
      if (!Array.isArray(node.enum) || node.enum.length === 0) return `enum must be a non-empty array (at ${at})`;
      if (types) {
        const allowed = node.nullable === true ? [...types, "null"] : types;
        for (const v of node.enum) if (!allowed.some((t) => matchesType(v, t))) return `enum value ${JSON.stringify(v)} does not match the type (at ${at})`;
      }
    }
    if ("const" in node && types && !types.some((t) => matchesType(node.const, t)) && !(node.const === null && node.nullable === true))
      return `const does not match the type (at ${at})`;
    if ("required" in node) {
      if (!Array.isArray(node.required) || node.required.some((r) => typeof r !== "string")) return `required must be an array of strings (at ${at})`;
      if (node.required.length === 0) return `required must not be empty; leave it out instead (at ${at})`;
      const props = isPlainObject(node.properties) ? node.properties : {};
      for (const r of node.required as string[]) if (!(r in props)) return `required property "${r}" is not defined in properties (at ${at})`;
    }
    if ("properties" in node) {
      if (!isPlainObject(node.properties)) return `properties must be an object (at ${at})`;
      for (const [k, sub] of Object.entries(node.properties)) {
        const r = walk(sub, `${path}/properties/${k.replace(/~/g, "~0").replace(/\//g, "~1")}`, depth + 1);
        if (r) return r;
      }
    }
    if ("items" in node) {
      if (Array.isArray(node.items)) return `tuple items (an array) are not supported (at ${at})`;
      const r = walk(node.items, `${path}/items`, depth + 1);
      if (r) return r;
    }
    if ("anyOf" in node) {
      if (!Array.isArray(node.anyOf) || node.anyOf.length === 0) return `anyOf must be a non-empty array (at ${at})`;
      for (let i = 0; i < node.anyOf.length; i++) {
        const r = walk(node.anyOf[i], `${path}/anyOf/${i}`, depth + 1);
        if (r) return r;
      }
    }
    return null;
  };
  return walk(schema, "", 0);
}

const STRIP = new Set([
  "format", "default", "examples", "example", "$schema", "$comment", "deprecated", "readOnly", "writeOnly", "propertyOrdering",
  "contains", "minContains", "maxContains", "title",
]);

/**
 * The schema as the simulator generates against and validates with: type names lower-cased,
 * `nullable: true` turned into a "null" type (ajv's `nullable` needs a `type`), annotations and
 * ignored keywords removed. Unknown keywords are left in place (ajv, non-strict, ignores them).
 */
export function normaliseSchema(schema: unknown, opts: { keepFormat?: boolean } = {}): Schema {
  if (schema === true || !isPlainObject(schema)) return {};
  const out: Schema = {};
  for (const [k, v] of Object.entries(schema)) {
    if (k === "format" && opts.keepFormat) out.format = v;
    if (STRIP.has(k) || k.startsWith("x-") || k === "nullable") continue;
    if (k === "type") out.type = Array.isArray(v) ? v.map((t) => String(t).toLowerCase()) : String(v).toLowerCase();
    else if (k === "properties" && isPlainObject(v)) out.properties = Object.fromEntries(Object.entries(v).map(([pk, pv]) => [pk, normaliseSchema(pv, opts)]));
    else if (k === "items" && isPlainObject(v)) out.items = normaliseSchema(v, opts);
    else if (k === "anyOf" && Array.isArray(v)) out.anyOf = v.map((s) => normaliseSchema(s, opts));
    else out[k] = v;
  }
  if (schema.nullable === true) {
    if (Array.isArray(out.type)) {
      if (!out.type.includes("null")) out.type = [...out.type, "null"];
    } else if (typeof out.type === "string") {
      if (out.type !== "null") out.type = [out.type, "null"];
    } else if (Array.isArray(out.anyOf)) out.anyOf = [...out.anyOf, { type: "null" }];
    if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
  }
  return out;
}

const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
const CACHE_LIMIT = 256;
const cache = new Map<string, { fn: ValidateFunction | null; schema: Schema; error?: string }>();

function compiled(schema: unknown): { fn: ValidateFunction | null; error?: string } {
  const normalised = normaliseSchema(schema);
  const key = JSON.stringify(normalised);
  const hit = cache.get(key);
  if (hit) {
    cache.delete(key);
    cache.set(key, hit); // most recently used last
    return hit;
  }
  let entry: { fn: ValidateFunction | null; schema: Schema; error?: string };
  try {
    entry = { fn: ajv.compile(normalised), schema: normalised };
  } catch (err) {
    entry = { fn: null, schema: normalised, error: err instanceof Error ? err.message : String(err) };
  }
  cache.set(key, entry);
  if (cache.size > CACHE_LIMIT) {
    const [oldKey, old] = cache.entries().next().value as [string, { schema: Schema }];
    cache.delete(oldKey);
    ajv.removeSchema(old.schema); // ajv caches compiled schemas by object: let it go
  }
  return entry;
}

export interface Validation {
  valid: boolean;
  errors: string[];
}

/** Validate `value` against `schema` (normalised as above) with ajv. */
export function validateValue(schema: unknown, value: unknown): Validation {
  const { fn, error } = compiled(schema);
  if (!fn) return { valid: false, errors: [`schema did not compile: ${error ?? "unknown error"}`] };
  const valid = fn(value) as boolean;
  return { valid, errors: valid ? [] : (fn.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message ?? "is invalid"}`) };
}
