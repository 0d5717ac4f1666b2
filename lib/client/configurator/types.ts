// The configurator's draft: functions (with their mocks), built-in tools, structured output and the
// auto-answer loop. Kept as typed text where the user types (JSON, numbers) so nothing half-typed
// is lost; turned into wire shapes by request.ts. Declarations are data; mocks live beside them
// but never reach the wire.

export type MockMode = "manual" | "fixed" | "js";

export interface FunctionMock {
  mode: MockMode;
  /** A fixed result (JSON object, or any text sent as a string). */
  fixedJson: string;
  /** A JavaScript function `(args) => result`, run in the QuickJS sandbox. */
  code: string;
}

export interface FunctionDraft {
  id: string;
  name: string;
  description: string;
  /** The parameters JSON Schema as typed in Monaco; empty = no parameters. */
  parametersJson: string;
  mock: FunctionMock;
}

export const SEARCH_TYPES = ["web_search", "image_search", "enterprise_web_search"] as const;
export type SearchType = (typeof SEARCH_TYPES)[number];
export const COMPUTER_ENVIRONMENTS = ["browser", "mobile", "desktop"] as const;
export type ComputerEnvironment = (typeof COMPUTER_ENVIRONMENTS)[number];

export interface BuiltinsDraft {
  code_execution: { enabled: boolean };
  url_context: { enabled: boolean };
  google_search: { enabled: boolean; searchTypes: SearchType[] };
  /** Store names one per line; top_k typed text; metadata filter as typed (an AIP-160 filter string). */
  file_search: { enabled: boolean; storeNames: string; topK: string; metadataFilter: string };
  google_maps: { enabled: boolean; latitude: string; longitude: string; enableWidget: boolean };
  /** Excluded predefined functions one per line. */
  computer_use: { enabled: boolean; environment: ComputerEnvironment; excluded: string };
}

export type BuiltinType = keyof BuiltinsDraft;
export const BUILTIN_TYPES: readonly BuiltinType[] = ["code_execution", "google_search", "url_context", "file_search", "google_maps", "computer_use"];

export interface ResponseFormatDraft {
  enabled: boolean;
  /** The response JSON Schema as typed. */
  schemaJson: string;
}

export interface AutoAnswerDraft {
  enabled: boolean;
  /** How many tool rounds may be answered unattended in a row before the user is asked. */
  loopLimit: number;
}

/**
 * A saved MCP server entry in use (docs/configurator.md, "MCP servers"). The entry itself — with
 * its header values — lives on the server (/api/mcp-servers); the draft and presets hold only this
 * reference: the entry's id, the name and URL it is sent with (the proxy matches the saved entry by
 * name and URL and injects its headers), and the ticked tools. `allowedTools: null` = every tool.
 */
export interface McpServerRef {
  id: string;
  name: string;
  url: string;
  enabled: boolean;
  allowedTools: string[] | null;
  /** Set when the server's list no longer has this entry (deleted, or a preset from another machine). */
  missing?: boolean;
}

export interface ConfiguratorDraft {
  functions: FunctionDraft[];
  builtins: BuiltinsDraft;
  mcpServers: McpServerRef[];
  responseFormat: ResponseFormatDraft;
  auto: AutoAnswerDraft;
}

export const DEFAULT_MOCK: FunctionMock = { mode: "manual", fixedJson: "{}", code: "(args) => ({ ok: true, args })" };

export const DEFAULT_BUILTINS: BuiltinsDraft = {
  code_execution: { enabled: false },
  url_context: { enabled: false },
  google_search: { enabled: false, searchTypes: [] },
  file_search: { enabled: false, storeNames: "", topK: "", metadataFilter: "" },
  google_maps: { enabled: false, latitude: "", longitude: "", enableWidget: false },
  computer_use: { enabled: false, environment: "browser", excluded: "" },
};

export const DEFAULT_CONFIGURATOR: ConfiguratorDraft = {
  functions: [],
  builtins: DEFAULT_BUILTINS,
  mcpServers: [],
  responseFormat: { enabled: false, schemaJson: "" },
  auto: { enabled: false, loopLimit: 5 },
};

export const MAX_LOOP_LIMIT = 50;

export const STARTER_FUNCTION_SCHEMA = JSON.stringify(
  {
    type: "object",
    properties: { city: { type: "string", description: "City name" }, unit: { type: "string", enum: ["celsius", "fahrenheit"] } },
    required: ["city"],
  },
  null,
  2,
);

export const STARTER_RESPONSE_SCHEMAS: { label: string; schema: Record<string, unknown> }[] = [
  {
    label: "Person",
    schema: {
      type: "object",
      properties: { name: { type: "string" }, age: { type: "integer" }, city: { type: "string" } },
      required: ["name", "age"],
    },
  },
  {
    label: "List of items",
    schema: {
      type: "object",
      properties: { items: { type: "array", items: { type: "string" }, minItems: 1, maxItems: 5 } },
      required: ["items"],
    },
  },
  {
    label: "Classification",
    schema: {
      type: "object",
      properties: { label: { type: "string", enum: ["positive", "negative", "neutral"] }, confidence: { type: "number" } },
      required: ["label"],
    },
  },
];
