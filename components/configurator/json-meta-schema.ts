// JSON Schema completion and diagnostics in Monaco for the configurator's schema editors: models
// whose path ends in `.schema.json` are checked against the draft-07 meta-schema bundled with Ajv
// (the same one schema-check.ts validates with). Never fetched: schema requests are off.
import draft07 from "ajv/dist/refs/json-schema-draft-07.json";

export const SCHEMA_MODEL_SUFFIX = ".schema.json";

export function registerJsonMetaSchema(monaco: typeof import("monaco-editor")): void {
  monaco.json?.jsonDefaults?.setDiagnosticsOptions({
    validate: true,
    allowComments: false,
    enableSchemaRequest: false,
    schemas: [{ uri: "inmemory://playground/json-schema-draft-07.json", fileMatch: [`*${SCHEMA_MODEL_SUFFIX}`], schema: draft07 }],
  });
}
