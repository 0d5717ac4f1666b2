// The tools the engine runs itself, for real, before the simulator writes its answer: MCP server
// tools and url_context (and file_search over the run's files). Decides from the latest input what
// to call — the same deterministic matching the simulator uses for declared functions — runs it,
// and hands back wire-shaped call/result step pairs plus sentences for the answer text. Nothing here
// throws for a tool's failure: a failure is a result step with is_error and a message.
import type { FunctionTool, ModelRequest, Tool } from "@/lib/engine/model/types";
import type { ToolPair } from "@/lib/engine/simulator/builtins";
import { readConversation } from "@/lib/engine/simulator/conversation";
import { extractFacts } from "@/lib/engine/simulator/facts";
import { extractTopic, parseLengthRequest } from "@/lib/engine/simulator/length";
import { createRng, hashString, type Rng } from "@/lib/engine/simulator/prng";
import { checkSchemaSupported, validateValue } from "@/lib/engine/simulator/schema";
import { quote } from "@/lib/engine/simulator/text";
import { countTokens, resultText } from "@/lib/engine/simulator/tokens";
import { planFunctionCalls } from "@/lib/engine/simulator/tools";
import { maskSecretValues, toolSecretValues } from "@/lib/interactions/tool-secrets";
import type { Step } from "@/lib/interactions/types";
import { defaultToolEgress, type EgressOptions } from "./egress";
import { callMcpTool, connectMcp, filterAllowedTools, McpFailure, type McpServerSpec, type McpToolInfo } from "./mcp";
import { MAX_URLS, readUrls, urlsInText } from "./url-context";
import { DEFAULT_TOP_K, searchWorkspace } from "./file-search";

export interface ServerToolRun {
  pairs: ToolPair[];
  /** Sentences for the answer, from what the tools returned. */
  sentences: string[];
  /** Thought-summary notes. */
  notes: string[];
}

export interface ServerToolOptions {
  egress?: EgressOptions;
  mcpTimeoutMs?: number;
}

const MAX_RESULT_CHARS = 1500;

function toolId(prefix: string, rng: Rng): string {
  let s = "";
  for (let i = 0; i < 10; i++) s += "abcdefghijklmnopqrstuvwxyz0123456789"[rng.int(0, 35)];
  return `${prefix}_${s}`;
}

function pair(call: Step, result: Step): ToolPair {
  return {
    call,
    result,
    callTokens: countTokens(JSON.stringify(call.arguments ?? {})),
    resultTokens: countTokens(JSON.stringify(result.result ?? "")),
  };
}

function clip(text: string, max = MAX_RESULT_CHARS): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

export function mcpServers(tools: Tool[] | undefined): (McpServerSpec & { label: string })[] {
  return (tools ?? [])
    .filter((t) => t.type === "mcp_server" && typeof t.url === "string")
    .map((t, i) => {
      const spec = t as unknown as McpServerSpec;
      return { ...spec, label: spec.name || `mcp_server_${i}` };
    });
}

/** MCP tools as the function declarations the simulator's matcher reads. */
function asFunctions(tools: McpToolInfo[]): FunctionTool[] {
  return tools.map((t) => ({ type: "function", name: t.name, ...(t.description ? { description: t.description } : {}), parameters: t.inputSchema }));
}

async function runMcp(req: ModelRequest, input: string, rng: Rng, signal: AbortSignal, opts: ServerToolOptions, out: ServerToolRun): Promise<void> {
  const servers = mcpServers(req.tools);
  if (!servers.length) return;
  const conv = readConversation(req);
  const facts = extractFacts(conv.userTexts);
  const topic = extractTopic(input, parseLengthRequest(input));
  const secrets = toolSecretValues(req);
  const scrub = (s: string) => maskSecretValues(s, secrets);
  const mcpOpts = { timeoutMs: opts.mcpTimeoutMs, egress: opts.egress, signal };

  for (const server of servers) {
    const failed = (name: string, args: Record<string, unknown>, message: string) => {
      const id = toolId("mcp", rng);
      out.pairs.push(
        pair(
          { type: "mcp_server_tool_call", id, name, server_name: server.label, arguments: args },
          { type: "mcp_server_tool_result", call_id: id, name, server_name: server.label, is_error: true, result: [{ type: "text", text: scrub(message) }] },
        ),
      );
      out.sentences.push(`The MCP server ${server.label} failed: ${scrub(message)}.`);
      out.notes.push(`MCP server ${server.label}: ${scrub(message)}.`);
    };
    let conn: Awaited<ReturnType<typeof connectMcp>>;
    try {
      conn = await connectMcp(server, mcpOpts);
    } catch (e) {
      if (signal.aborted) throw e;
      // No tool could be chosen: the step names the MCP method that failed.
      failed("tools/list", {}, e instanceof McpFailure ? e.message : String(e));
      continue;
    }
    try {
      let listed: McpToolInfo[];
      try {
        const res = await conn.client.listTools({}, { timeout: opts.mcpTimeoutMs ?? 10_000, signal });
        listed = res.tools.map((t) => ({ name: t.name, ...(t.description ? { description: t.description } : {}), inputSchema: (t.inputSchema ?? { type: "object" }) as Record<string, unknown> }));
      } catch (e) {
        if (signal.aborted) throw e;
        failed("tools/list", {}, `the MCP server did not list its tools: ${e instanceof Error ? e.message : String(e)}`);
        continue;
      }
      const { tools, mustCall } = filterAllowedTools(listed, server.allowed_tools);
      const planned = planFunctionCalls({
        tools: asFunctions(tools),
        config: mustCall ? { tool_choice: "any" } : undefined,
        input,
        facts,
        topic,
        rng,
      });
      for (const call of planned.slice(0, 4)) {
        const tool = tools.find((t) => t.name === call.name)!;
        const problem = checkSchemaSupported(tool.inputSchema);
        const check = problem ? { valid: false, errors: [problem] } : validateValue(tool.inputSchema, call.arguments);
        if (!check.valid) {
          failed(call.name, call.arguments, `could not call ${call.name}: its input schema is invalid or unsupported (${check.errors.join("; ")})`);
          continue;
        }
        const id = toolId("mcp", rng);
        const callStep: Step = { type: "mcp_server_tool_call", id, name: call.name, server_name: server.label, arguments: call.arguments };
        try {
          const res = await callMcpTool(conn.client, call.name, call.arguments, mcpOpts);
          const content = res.content.map((c) => (c.type === "text" ? { ...c, text: scrub(c.text) } : c));
          out.pairs.push(pair(callStep, { type: "mcp_server_tool_result", call_id: id, name: call.name, server_name: server.label, result: content, ...(res.isError ? { is_error: true } : {}) }));
          const text = clip(resultText(content));
          out.sentences.push(res.isError ? `The ${call.name} tool on MCP server ${server.label} reported an error: ${text}` : `The ${call.name} tool on MCP server ${server.label} returned: ${text}`);
          out.notes.push(`Calling ${call.name} on MCP server ${server.label} because ${call.reason}.`);
        } catch (e) {
          if (signal.aborted) throw e;
          out.pairs.push(pair(callStep, { type: "mcp_server_tool_result", call_id: id, name: call.name, server_name: server.label, is_error: true, result: [{ type: "text", text: scrub(e instanceof Error ? e.message : String(e)) }] }));
          out.sentences.push(`The ${call.name} tool on MCP server ${server.label} failed: ${scrub(e instanceof Error ? e.message : String(e))}.`);
        }
      }
    } finally {
      await conn.close();
    }
  }
}

async function runUrlContext(input: string, rng: Rng, signal: AbortSignal, opts: ServerToolOptions, out: ServerToolRun): Promise<void> {
  const urls = urlsInText(input);
  if (!urls.length) return;
  const read = urls.slice(0, MAX_URLS);
  const readings = await readUrls(read, { egress: opts.egress, signal });
  const id = toolId("uc", rng);
  const result = readings.map((r) => ({ url: r.url, status: r.status, ...(r.reason ? { reason: r.reason } : {}), ...(r.title ? { title: r.title } : {}) }));
  const over = urls.length - read.length;
  const failedAll = readings.every((r) => r.status !== "success");
  out.pairs.push(
    pair({ type: "url_context_call", id, arguments: { urls: read } }, { type: "url_context_result", call_id: id, result, ...(failedAll || over > 0 ? { is_error: true } : {}) }),
  );
  if (over > 0) {
    out.sentences.push(`The input names ${urls.length} URLs; url_context reads at most ${MAX_URLS} per turn, so the other ${over} were not fetched.`);
  }
  for (const r of readings) {
    if (r.status === "success") {
      const text = clip((r.text ?? "").replace(/\s+/g, " ").trim(), 600);
      out.sentences.push(`From ${r.url}${r.title ? ` (${quote(r.title, 100)})` : ""}: ${text || "the page has no readable text."}`);
    } else out.sentences.push(`I could not read ${r.url} (${r.status}): ${r.reason ?? "no reason given"}.`);
  }
  out.notes.push(`Reading ${read.length} URL(s) with url_context.`);
}

const ASKS_FOR_FILES = /\b(?:files?|documents?|docs|notes|uploads?|uploaded|handbook|manual|search|look up|find)\b/i;

async function runFileSearch(req: ModelRequest, input: string, rng: Rng, out: ServerToolRun): Promise<void> {
  const tool = (req.tools ?? []).find((t) => t.type === "file_search") as { top_k?: unknown; file_search_store_names?: unknown } | undefined;
  if (!tool) return;
  const asks = ASKS_FOR_FILES.test(input);
  const stores = Array.isArray(tool.file_search_store_names) ? tool.file_search_store_names.map(String) : [];
  const storeNote = stores.length
    ? ` The store${stores.length > 1 ? "s" : ""} ${stores.map((n) => quote(n, 80)).join(", ")} ${stores.length > 1 ? "are" : "is"} Google File Search stores, which the local engine cannot open; it searched the run's environment files instead.`
    : "";
  const id = toolId("fs", rng);
  const ws = req.workspace;
  if (!ws?.read) {
    if (!asks) return;
    const message = "file_search on the local engine searches the files of the run's environment, and this run has none: pass `environment` (an environment id, or an inline spec with sources) on the request.";
    out.pairs.push(pair({ type: "file_search_call", id }, { type: "file_search_result", call_id: id, is_error: true, result: [{ error: message }] }));
    out.sentences.push(`${message}${storeNote}`);
    return;
  }
  const topK = typeof tool.top_k === "number" ? tool.top_k : DEFAULT_TOP_K;
  const found = searchWorkspace(ws, input, topK);
  if (!found.chunks.length && !asks) return;
  const result = found.chunks.map((c) => ({ file: c.file, chunk: c.chunk, score: c.score, text: c.text }));
  out.pairs.push(pair({ type: "file_search_call", id }, { type: "file_search_result", call_id: id, result }));
  if (found.chunks.length) {
    const best = found.chunks.slice(0, 3).map((c) => `${c.file}: ${clip(c.text.replace(/\s+/g, " "), 400)}`);
    out.sentences.push(`The engine's own file search (not Google's) found ${found.chunks.length} matching passage${found.chunks.length > 1 ? "s" : ""} in ${found.indexed} indexed file${found.indexed === 1 ? "" : "s"}. ${best.join(" — ")}${storeNote}`);
  } else {
    out.sentences.push(`The engine's own file search (not Google's) found nothing matching in the ${found.indexed} text file${found.indexed === 1 ? "" : "s"} of the run's environment.${storeNote}`);
  }
  out.notes.push(`Searching ${found.indexed} environment file(s) with the engine's own index.`);
}

/** Run the engine's own tools for this turn. Empty when the latest turn holds no text. */
export async function runServerTools(req: ModelRequest, signal: AbortSignal, opts: ServerToolOptions = {}): Promise<ServerToolRun> {
  const out: ServerToolRun = { pairs: [], sentences: [], notes: [] };
  const conv = readConversation(req);
  const input = conv.latestText;
  if (!input || !req.tools?.length) return out;
  const rng = createRng("tools-v1", hashString(JSON.stringify([req.history.length, input])));
  const egress = opts.egress ?? defaultToolEgress();
  if (req.tools.some((t) => t.type === "mcp_server")) await runMcp(req, input, rng, signal, { ...opts, egress }, out);
  if (req.tools.some((t) => t.type === "url_context")) await runUrlContext(input, rng, signal, { ...opts, egress }, out);
  if (req.tools.some((t) => t.type === "file_search")) await runFileSearch(req, input, rng, out);
  return out;
}
