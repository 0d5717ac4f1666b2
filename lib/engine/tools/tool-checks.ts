// Create-time checks of the engine's own tools, so a request the engine cannot honour is a 400 in
// the envelope before anything runs (the tool shapes themselves are checked by the shared request
// rules, lib/contract/request-rules.ts): an mcp_server needs an http(s) url; computer_use and google_maps are refused by name — the
// engine has no browser/desktop to drive and no map data, and says so rather than pretending.
import { ApiError } from "@/lib/interactions/errors";

export const UNAVAILABLE_TOOLS: Record<string, string> = {
  computer_use: "computer_use is not available on the embedded engine: it has no browser or desktop to drive. Use a gemini backend for it.",
  google_maps: "google_maps is not available on the embedded engine: it has no map or places data. Use a gemini backend for it.",
};

export function checkEngineTool(tool: { type: string; [k: string]: unknown }, i: number, all: readonly { type: string; [k: string]: unknown }[]): void {
  const unavailable = UNAVAILABLE_TOOLS[tool.type];
  if (unavailable) throw new ApiError("invalid_request", `Invalid value at 'tools[${i}]': ${unavailable}`);
  if (tool.type !== "mcp_server") return;
  const url = tool.url;
  if (typeof url !== "string" || !url) throw new ApiError("invalid_request", `Invalid value at 'tools[${i}].url': an mcp_server tool needs the server's url.`);
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new ApiError("invalid_request", `Invalid value at 'tools[${i}].url': '${url.slice(0, 200)}' is not a valid URL.`);
  }
  if (u.protocol !== "http:" && u.protocol !== "https:") {
    throw new ApiError("invalid_request", `Invalid value at 'tools[${i}].url': an MCP server URL must be http or https, not ${u.protocol}`);
  }
  if (u.username || u.password) throw new ApiError("invalid_request", `Invalid value at 'tools[${i}].url': put credentials in 'headers', not in the URL.`);
  const name = typeof tool.name === "string" ? tool.name : undefined;
  if (name && all.some((t, j) => j < i && t.type === "mcp_server" && t.name === name)) {
    throw new ApiError("invalid_request", `Invalid value at 'tools[${i}].name': duplicate mcp_server name '${name}'.`);
  }
}
