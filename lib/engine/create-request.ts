// The engine's create-body validation: the shared request rules (lib/contract/request-rules.ts,
// what the live service rejects) plus the engine's own response-schema support.
import { parseCreateBody as parseWithRules, type CreateRequest } from "@/lib/contract/request-rules";
import { checkSchemaSupported } from "./model/registry";
import { checkEngineTool } from "./tools/tool-checks";

export { MAX_PACE_MS, normalizeInput, parsePace, type CreateBody, type CreateRequest } from "@/lib/contract/request-rules";

/** Validate a parsed JSON create body. Throws ApiError(invalid_request) with a precise message. */
export function parseCreateBody(raw: unknown): CreateRequest {
  const req = parseWithRules(raw, { checkSchema: checkSchemaSupported });
  // What only the engine refuses: tools it cannot run, MCP URLs it cannot reach.
  const tools = (req.body.tools ?? []) as { type: string; [k: string]: unknown }[];
  tools.forEach((tool, i) => checkEngineTool(tool, i, tools));
  return req;
}
