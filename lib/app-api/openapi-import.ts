// OpenAPI 3 → function declarations: one function per operation, parameters (path, query, header)
// and a JSON request body folded into one object schema. Parsed and validated by a real OpenAPI
// parser (@readme/openapi-parser), on the server; external $refs are never followed (no file or
// network reads on behalf of an uploaded document). JSON or YAML text.
import "server-only";
import { dereference, validate, compileErrors } from "@readme/openapi-parser";
import yaml from "js-yaml";
import { z } from "zod";
import { ApiError, errorResponse } from "@/lib/interactions/errors";
import { parseJsonBody } from "@/lib/http/body";
import { handle, json } from "@/lib/http/json";

export interface ImportedFunction {
  name: string;
  description: string;
  parameters?: Record<string, unknown>;
}

export interface OpenApiImport {
  title: string;
  functions: ImportedFunction[];
  warnings: string[];
}

const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"] as const;
/** OpenAPI-only keywords that are not JSON Schema (or that the service does not take). */
const DROP = new Set(["nullable", "example", "examples", "readOnly", "writeOnly", "xml", "externalDocs", "discriminator", "deprecated", "$schema", "$id"]);
const NAME_MAX = 64;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

/** A function name the service takes: letters, digits, underscores, dashes (and ≤ 64 chars). */
export function functionName(raw: string): string {
  const n = raw.replace(/[{}]/g, "").replace(/[^A-Za-z0-9_-]+/g, "_").replace(/^_+|_+$/g, "").replace(/_+/g, "_");
  return (/^[A-Za-z_]/.test(n) ? n : `op_${n}`).slice(0, NAME_MAX);
}

/** Copy a (dereferenced) OpenAPI schema as plain JSON Schema: drop OpenAPI keywords, `x-*`, empty `required`. */
export function cleanSchema(schema: unknown, seen = new WeakSet<object>(), warn?: (m: string) => void): unknown {
  if (Array.isArray(schema)) return schema.map((s) => cleanSchema(s, seen, warn));
  if (!isObj(schema)) return schema;
  if (seen.has(schema)) {
    warn?.("A recursive schema was cut at its second level (functions cannot refer to themselves).");
    return {};
  }
  seen.add(schema);
  const out: Obj = {};
  for (const [k, v] of Object.entries(schema)) {
    if (DROP.has(k) || k.startsWith("x-")) continue;
    if (k === "$ref") {
      warn?.(`An unresolved $ref (${String(v)}) was left out.`);
      continue;
    }
    if (k === "required" && Array.isArray(v) && v.length === 0) continue; // the service refuses required: []
    if (k === "properties" && isObj(v)) {
      out.properties = Object.fromEntries(Object.entries(v).map(([p, s]) => [p, cleanSchema(s, seen, warn)]));
      continue;
    }
    out[k] = typeof v === "object" && v !== null ? cleanSchema(v, seen, warn) : v;
  }
  seen.delete(schema);
  return out;
}

export function operationsToFunctions(doc: Obj, warnings: string[] = []): ImportedFunction[] {
  const warn = (m: string) => {
    if (!warnings.includes(m)) warnings.push(m);
  };
  const out: ImportedFunction[] = [];
  const taken = new Set<string>();
  const paths = isObj(doc.paths) ? doc.paths : {};
  for (const [path, item] of Object.entries(paths)) {
    if (!isObj(item)) continue;
    const shared = Array.isArray(item.parameters) ? item.parameters : [];
    for (const method of METHODS) {
      const op = item[method];
      if (!isObj(op)) continue;
      let name = functionName(typeof op.operationId === "string" && op.operationId ? op.operationId : `${method}_${path}`);
      for (let i = 2; taken.has(name); i++) name = `${name.slice(0, NAME_MAX - 3)}_${i}`;
      taken.add(name);
      const properties: Obj = {};
      const required: string[] = [];
      const params = [...shared, ...(Array.isArray(op.parameters) ? op.parameters : [])].filter(isObj);
      for (const p of params) {
        if (typeof p.name !== "string" || p.in === "cookie") continue;
        const schema = (cleanSchema(p.schema ?? { type: "string" }, undefined, warn) ?? {}) as Obj;
        if (typeof p.description === "string" && p.description && !schema.description) schema.description = p.description;
        properties[p.name] = schema;
        if (p.required === true || p.in === "path") required.push(p.name);
      }
      const content = isObj(op.requestBody) && isObj(op.requestBody.content) ? op.requestBody.content : null;
      const media = content ? (content["application/json"] ?? Object.entries(content).find(([t]) => t.endsWith("+json"))?.[1]) : undefined;
      if (isObj(media) && media.schema) {
        const key = properties.body ? "request_body" : "body";
        properties[key] = cleanSchema(media.schema, undefined, warn);
        if (isObj(op.requestBody) && op.requestBody.required === true) required.push(key);
      } else if (content) {
        warn(`${name}: only JSON request bodies are imported (found ${Object.keys(content).join(", ")}).`);
      }
      const description = [op.summary, op.description].filter((s): s is string => typeof s === "string" && !!s.trim()).join(" — ");
      const fn: ImportedFunction = { name, description: description || `${method.toUpperCase()} ${path}` };
      if (Object.keys(properties).length) fn.parameters = { type: "object", properties, ...(required.length ? { required } : {}) };
      out.push(fn);
    }
  }
  return out;
}

const PARSER_OPTS = { resolve: { external: false }, dereference: { circular: "ignore" as const } };

/** Parse text (JSON or YAML), validate as OpenAPI 3, and list its operations as functions. */
export async function importOpenApi(text: string): Promise<OpenApiImport> {
  let doc: unknown;
  try {
    doc = text.trim().startsWith("{") ? JSON.parse(text) : yaml.load(text, { schema: yaml.JSON_SCHEMA });
  } catch (e) {
    throw new ApiError("invalid_request", `The document is neither JSON nor YAML: ${(e as Error).message}`);
  }
  if (!isObj(doc)) throw new ApiError("invalid_request", "The document must be an OpenAPI object.");
  if (typeof doc.openapi !== "string" || !doc.openapi.startsWith("3.")) {
    throw new ApiError("invalid_request", `Only OpenAPI 3.x documents are imported (this one says ${typeof doc.swagger === "string" ? `swagger ${doc.swagger}` : `openapi ${String(doc.openapi ?? "nothing")}`}).`);
  }
  // The parser mutates what it is given: hand it copies.
  const result = await validate(structuredClone(doc) as never, PARSER_OPTS);
  if (!result.valid) throw new ApiError("invalid_request", `Not a valid OpenAPI document: ${compileErrors(result).replace(/\s+/g, " ").trim().slice(0, 800)}`);
  const deref = (await dereference(structuredClone(doc) as never, PARSER_OPTS)) as unknown as Obj;
  const warnings: string[] = [];
  const functions = operationsToFunctions(deref, warnings);
  if (!functions.length) warnings.push("The document has no operations.");
  const info = isObj(deref.info) ? deref.info : {};
  return { title: typeof info.title === "string" ? info.title : "OpenAPI document", functions, warnings };
}

const importBody = z.strictObject({ text: z.string().min(1, "must not be empty").max(4 * 1024 * 1024) });

/** POST /api/configurator/openapi {text} → {title, functions, warnings} */
export async function openApiImportRoute(req: Request): Promise<Response> {
  return handle(() => [], async () => {
    const body = await parseJsonBody(req, importBody, 5 * 1024 * 1024);
    if (!body.ok) return body.response;
    try {
      return json(await importOpenApi(body.data.text));
    } catch (e) {
      if (e instanceof ApiError) throw e;
      return errorResponse("invalid_request", `Could not read the OpenAPI document: ${(e as Error).message}`);
    }
  });
}
