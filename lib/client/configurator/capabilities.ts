// What each backend can do with a built-in tool, for the note next to its toggle.
import type { BuiltinType } from "./types";

/** How the embedded engine runs each built-in tool (docs/tools.md, docs/simulator.md). */
const LOCAL_NOTES: Record<BuiltinType, string> = {
  code_execution: "The local engine runs fenced python/bash blocks from your prompt for real, in a bubblewrap sandbox with no network.",
  google_search: "The local engine's search steps are simulated (labelled, no network, no real results).",
  url_context: "The local engine fetches the URLs your prompt names for real (through its egress policy) and reads their text.",
  file_search: "The local engine searches the files of the run's environment with its own text index (not Google's File Search stores).",
  google_maps: "The local engine refuses google_maps with a 400: pick the Gemini backend to use it.",
  computer_use: "The local engine refuses computer_use with a 400: pick the Gemini backend to use it.",
};

export function builtinNote(type: BuiltinType, backend: string): string | null {
  if (backend === "local") return LOCAL_NOTES[type] ?? null;
  if (type === "computer_use") return "Needs a model that supports computer use; your client executes the actions it returns.";
  if (type === "file_search") return "Needs existing File Search stores in your Gemini project.";
  return null;
}

/** Backends whose MCP calls are made by this machine's engine (the local engine, and the engine over an OpenAI-compatible server). */
const ENGINE_BACKENDS = new Set(["local", "openai"]);

/**
 * The note next to an MCP server entry: whether the chosen backend can reach it. Google's service
 * (gemini, vertex) calls MCP servers from Google's network, so a server on this machine or a
 * private network is out of its reach; the local engine calls from here, through its egress policy.
 */
export function mcpReachNote(reach: "loopback" | "private" | "public", backend: string): { tone: "warn" | "info"; text: string } | null {
  if (ENGINE_BACKENDS.has(backend)) {
    if (reach === "loopback") return { tone: "info", text: "The local engine calls it from this machine (loopback is allowed unless ENGINE_TOOLS_ALLOW_LOOPBACK=0)." };
    if (reach === "private") return { tone: "warn", text: "On a private network: the local engine reaches it only with ENGINE_ALLOW_PRIVATE_EGRESS=1." };
    return null;
  }
  if (reach === "public") return null;
  const where = reach === "loopback" ? "on this machine (localhost)" : "on a private network";
  return { tone: "warn", text: `The ${backend} backend cannot reach it: Google's service calls MCP servers from Google's network, and this server is ${where}. Use the local engine, or serve it on a public https URL.` };
}
