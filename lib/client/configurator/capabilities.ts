// What each backend can do with a built-in tool, for the note next to its toggle.
import type { BuiltinType } from "./types";

/** The embedded engine's simulator runs google_search and code_execution (simulated, no network); it refuses nothing else but runs nothing else either. */
const LOCAL_RUNS: ReadonlySet<BuiltinType> = new Set(["code_execution", "google_search"]);

export function builtinNote(type: BuiltinType, backend: string): string | null {
  if (backend === "local") {
    return LOCAL_RUNS.has(type)
      ? "The local simulator runs a simulated version (labelled, no network)."
      : "The local engine's simulator cannot run this tool: it is sent, but no step will use it. Pick the Gemini backend to run it.";
  }
  if (type === "computer_use") return "Needs a model that supports computer use; your client executes the actions it returns.";
  if (type === "file_search") return "Needs existing File Search stores in your Gemini project.";
  return null;
}
