// A real model backend: any OpenAI-compatible chat server (OpenAI, vLLM, llama.cpp, Ollama's
// /v1, LM Studio …). Model ids "openai:<model>" reach it when OPENAI_BASE_URL is set. It maps the
// conversation to chat messages and function tools to chat tools, streams /chat/completions, and
// turns text, reasoning and tool-call deltas into Interactions step events.
import { createParser, type EventSourceMessage } from "eventsource-parser";
import type { Content, Step } from "@/lib/interactions/types";
import { resultText, countInputTokens, countTokens } from "@/lib/engine/simulator/tokens";
import type { FunctionTool, ModelAdapter, ModelEvent, ModelRequest, ModelResult, Usage } from "./types";

export const OPENAI_PREFIX = "openai:";

export interface OpenAIAdapterOptions {
  /** e.g. "http://127.0.0.1:11434/v1" — the path /chat/completions is appended. */
  baseUrl: string;
  apiKey?: string;
  fetch?: typeof fetch;
}

type ChatPart = { type: "text"; text: string } | { type: "image_url"; image_url: { url: string } };
interface ChatToolCall {
  id: string;
  type: "function";
  function: { name: string; arguments: string };
}
export type ChatMessage =
  | { role: "system"; content: string }
  | { role: "user"; content: string | ChatPart[] }
  | { role: "assistant"; content: string | null; tool_calls?: ChatToolCall[] }
  | { role: "tool"; tool_call_id: string; content: string };

function contentToParts(items: Content[] | undefined): string | ChatPart[] {
  const parts: ChatPart[] = [];
  for (const c of items ?? []) {
    if (!c) continue;
    if (c.type === "text") parts.push({ type: "text", text: String(c.text ?? "") });
    else if (c.type === "image" && typeof c.data === "string")
      parts.push({ type: "image_url", image_url: { url: `data:${c.mime_type ?? "image/png"};base64,${c.data}` } });
    else if (c.type === "image" && typeof c.uri === "string" && /^https?:/.test(c.uri)) parts.push({ type: "image_url", image_url: { url: c.uri } });
    else parts.push({ type: "text", text: `[${c.type} attachment${c.mime_type ? ` (${c.mime_type})` : ""} omitted: this backend receives text and images only]` });
  }
  return parts.every((p) => p.type === "text") ? parts.map((p) => (p as { text: string }).text).join("\n") : parts;
}

function textOf(items: Content[] | undefined): string {
  return (items ?? [])
    .filter((c) => c && c.type === "text")
    .map((c) => String(c.text ?? ""))
    .join("");
}

/** History + input steps as chat messages (thoughts and built-in tool steps are dropped). */
export function toChatMessages(req: Pick<ModelRequest, "history" | "input" | "system_instruction">): ChatMessage[] {
  const out: ChatMessage[] = [];
  if (req.system_instruction) out.push({ role: "system", content: req.system_instruction });
  const steps: Step[] = [...req.history, ...req.input];
  for (const s of steps) {
    const last = out[out.length - 1];
    switch (s.type) {
      case "user_input":
        out.push({ role: "user", content: contentToParts(s.content) });
        break;
      case "model_output": {
        const text = textOf(s.content);
        if (last && last.role === "assistant" && !last.tool_calls) last.content = (last.content ?? "") + text;
        else out.push({ role: "assistant", content: text });
        break;
      }
      case "function_call": {
        const call: ChatToolCall = { id: String(s.id ?? ""), type: "function", function: { name: String(s.name ?? ""), arguments: JSON.stringify(s.arguments ?? {}) } };
        if (last && last.role === "assistant") last.tool_calls = [...(last.tool_calls ?? []), call];
        else out.push({ role: "assistant", content: null, tool_calls: [call] });
        break;
      }
      case "function_result":
        out.push({ role: "tool", tool_call_id: String(s.call_id ?? ""), content: resultText(s.result) });
        break;
      default:
        break;
    }
  }
  return out;
}

/** The /chat/completions request body for a turn. */
export function toChatRequest(req: ModelRequest): Record<string, unknown> {
  const model = req.model.startsWith(OPENAI_PREFIX) ? req.model.slice(OPENAI_PREFIX.length) : req.model;
  const body: Record<string, unknown> = { model, messages: toChatMessages(req), stream: true, stream_options: { include_usage: true } };
  let fns = (req.tools ?? []).filter((t): t is FunctionTool => t.type === "function" && typeof (t as FunctionTool).name === "string");
  const g = req.generation_config ?? {};
  const tc = g.tool_choice;
  let choice: unknown;
  if (tc === "any") choice = "required";
  else if (tc === "none") choice = "none";
  else if (tc === "auto" || tc === "validated") choice = "auto";
  else if (tc && typeof tc === "object" && tc.allowed_tools) {
    const allowed = tc.allowed_tools.tools;
    if (Array.isArray(allowed)) fns = fns.filter((f) => allowed.includes(f.name!));
    const mode = String(tc.allowed_tools.mode ?? "any").toLowerCase();
    choice = mode === "none" ? "none" : mode === "auto" ? "auto" : fns.length === 1 ? { type: "function", function: { name: fns[0]!.name } } : "required";
  }
  if (fns.length) {
    body.tools = fns.map((f) => ({
      type: "function",
      function: { name: f.name, ...(f.description ? { description: f.description } : {}), parameters: f.parameters ?? { type: "object", properties: {} } },
    }));
    if (choice !== undefined) body.tool_choice = choice;
  }
  if (typeof g.max_output_tokens === "number") body.max_tokens = g.max_output_tokens;
  if (typeof g.seed === "number") body.seed = g.seed;
  if (Array.isArray(g.stop_sequences) && g.stop_sequences.length) body.stop = g.stop_sequences.slice(0, 4);
  if (typeof g.temperature === "number") body.temperature = g.temperature;
  if (typeof g.top_p === "number") body.top_p = g.top_p;
  const formats = Array.isArray(req.response_format) ? req.response_format : req.response_format ? [req.response_format] : [];
  const json = formats.find((f) => f && typeof f === "object" && ((f as Record<string, unknown>).mime_type === "application/json" || "schema" in (f as object))) as
    | Record<string, unknown>
    | undefined;
  if (json) body.response_format = json.schema ? { type: "json_schema", json_schema: { name: "response", schema: json.schema } } : { type: "json_object" };
  return body;
}

interface ChatChunk {
  choices?: {
    index?: number;
    delta?: {
      content?: string | null;
      reasoning_content?: string | null;
      reasoning?: string | null;
      tool_calls?: { index?: number; id?: string; function?: { name?: string; arguments?: string } }[];
    };
    finish_reason?: string | null;
  }[];
  usage?: {
    prompt_tokens?: number;
    completion_tokens?: number;
    total_tokens?: number;
    prompt_tokens_details?: { cached_tokens?: number };
    completion_tokens_details?: { reasoning_tokens?: number };
  } | null;
  error?: { message?: string; code?: unknown };
}

/** Folds chat chunks into step events; one instance per turn. */
class ChunkMapper {
  private next = 0;
  private thought?: number;
  private text?: number;
  private readonly tools = new Map<number, { index: number; id: string; args: string }>();
  private readonly open: number[] = [];
  finish?: string;
  usage?: ChatChunk["usage"];
  error?: string;
  outText = "";
  outThought = "";

  private start(step: Step, out: ModelEvent[]): number {
    const index = this.next++;
    this.open.push(index);
    out.push({ event_type: "step.start", index, step });
    return index;
  }
  private stop(index: number | undefined, out: ModelEvent[]): void {
    if (index === undefined || !this.open.includes(index)) return;
    this.open.splice(this.open.indexOf(index), 1);
    out.push({ event_type: "step.stop", index });
  }

  map(chunk: ChatChunk): ModelEvent[] {
    const out: ModelEvent[] = [];
    if (chunk.error) this.error = chunk.error.message ?? JSON.stringify(chunk.error);
    if (chunk.usage) this.usage = chunk.usage;
    for (const choice of chunk.choices ?? []) {
      if ((choice.index ?? 0) !== 0) continue;
      const d = choice.delta ?? {};
      const reasoning = d.reasoning_content ?? d.reasoning;
      if (typeof reasoning === "string" && reasoning) {
        if (this.thought === undefined) {
          this.stop(this.text, out);
          this.text = undefined;
          this.thought = this.start({ type: "thought" }, out);
        }
        this.outThought += reasoning;
        out.push({ event_type: "step.delta", index: this.thought, delta: { type: "thought_summary", content: { type: "text", text: reasoning } } });
      }
      if (typeof d.content === "string" && d.content) {
        if (this.thought !== undefined) {
          this.stop(this.thought, out);
          this.thought = undefined;
        }
        if (this.text === undefined) this.text = this.start({ type: "model_output", content: [] }, out);
        this.outText += d.content;
        out.push({ event_type: "step.delta", index: this.text, delta: { type: "text", text: d.content } });
      }
      for (const tc of d.tool_calls ?? []) {
        const key = tc.index ?? 0;
        let entry = this.tools.get(key);
        if (!entry) {
          this.stop(this.thought, out);
          this.thought = undefined;
          this.stop(this.text, out);
          this.text = undefined;
          const id = tc.id || `call_${this.tools.size + 1}`;
          const index = this.start({ type: "function_call", id, name: tc.function?.name ?? "", arguments: {} }, out);
          entry = { index, id, args: "" };
          this.tools.set(key, entry);
        }
        const frag = tc.function?.arguments;
        if (typeof frag === "string" && frag) {
          entry.args += frag;
          out.push({ event_type: "step.delta", index: entry.index, delta: { type: "arguments_delta", arguments: frag } });
        }
      }
      if (choice.finish_reason) this.finish = choice.finish_reason;
    }
    return out;
  }

  close(): ModelEvent[] {
    const out: ModelEvent[] = [];
    for (const i of [...this.open].sort((a, b) => a - b)) this.stop(i, out);
    return out;
  }

  get toolCalls(): number {
    return this.tools.size;
  }
  get toolArgs(): string {
    return [...this.tools.values()].map((t) => t.args).join("");
  }
}

async function readLimited(res: Response, max = 2000): Promise<string> {
  try {
    const t = await res.text();
    return t.length > max ? `${t.slice(0, max)}…` : t;
  } catch {
    return "";
  }
}

export function createOpenAIAdapter(opts: OpenAIAdapterOptions): ModelAdapter {
  const base = opts.baseUrl.replace(/\/+$/, "");
  const doFetch = opts.fetch ?? fetch;
  return {
    accepts: (model) => model.startsWith(OPENAI_PREFIX) && model.length > OPENAI_PREFIX.length,
    async *run(req: ModelRequest, signal: AbortSignal): AsyncGenerator<ModelEvent, ModelResult, void> {
      const body = toChatRequest(req);
      const headers: Record<string, string> = { "content-type": "application/json", accept: "text/event-stream" };
      if (opts.apiKey) headers.authorization = `Bearer ${opts.apiKey}`;
      const estimateIn = countInputTokens(req);
      const failed = (code: string, message: string): ModelResult => ({
        status: "failed",
        usage: { total_input_tokens: 0, total_output_tokens: 0, total_tokens: 0 },
        error: { code, message },
      });
      let res: Response;
      try {
        res = await doFetch(`${base}/chat/completions`, { method: "POST", headers, body: JSON.stringify(body), signal });
      } catch (err) {
        if (signal.aborted) throw err;
        return failed("upstream_unavailable", `The OpenAI-compatible server at ${base} could not be reached: ${err instanceof Error ? err.message : String(err)}`);
      }
      if (!res.ok || !res.body) {
        const text = await readLimited(res);
        return failed("upstream_error", `The OpenAI-compatible server answered ${res.status}${text ? `: ${text}` : ""}`);
      }
      const mapper = new ChunkMapper();
      const pending: ModelEvent[] = [];
      let done = false;
      let invalid: string | undefined;
      const parser = createParser({
        onEvent(msg: EventSourceMessage) {
          if (done) return;
          if (msg.data === "[DONE]") {
            done = true;
            return;
          }
          try {
            pending.push(...mapper.map(JSON.parse(msg.data) as ChatChunk));
          } catch {
            invalid = msg.data.slice(0, 200);
          }
        },
      });
      const decoder = new TextDecoder();
      const reader = res.body.getReader();
      const onAbort = () => void reader.cancel().catch(() => {});
      signal.addEventListener("abort", onAbort, { once: true });
      try {
        while (!done) {
          const { value, done: eof } = await reader.read();
          if (signal.aborted) throw new DOMException("The run was aborted.", "AbortError");
          if (eof) break;
          parser.feed(decoder.decode(value, { stream: true }));
          while (pending.length) yield pending.shift()!;
          if (mapper.error) break;
        }
        parser.feed(decoder.decode());
        while (pending.length) yield pending.shift()!;
      } finally {
        signal.removeEventListener("abort", onAbort);
        if (done || mapper.error) void reader.cancel().catch(() => {});
      }
      if (signal.aborted) throw new DOMException("The run was aborted.", "AbortError");
      yield* mapper.close();

      const u = mapper.usage;
      const thought = u?.completion_tokens_details?.reasoning_tokens ?? (u ? 0 : countTokens(mapper.outThought));
      const output = u?.completion_tokens !== undefined ? Math.max(0, u.completion_tokens - (u.completion_tokens_details?.reasoning_tokens ?? 0)) : countTokens(mapper.outText) + countTokens(mapper.toolArgs);
      const input = u?.prompt_tokens ?? estimateIn;
      const usage: Usage = { total_input_tokens: input, total_output_tokens: output, total_thought_tokens: thought, total_tokens: u?.total_tokens ?? input + output + thought };
      if (u?.prompt_tokens_details?.cached_tokens) usage.total_cached_tokens = u.prompt_tokens_details.cached_tokens;
      if (mapper.error) return { status: "failed", usage, error: { code: "upstream_error", message: mapper.error } };
      if (invalid !== undefined && !mapper.finish) return { status: "failed", usage, error: { code: "upstream_error", message: `Unreadable chunk from the OpenAI-compatible server: ${invalid}` } };
      if (mapper.finish === "length") return { status: "incomplete", usage };
      if (mapper.finish === "content_filter") return { status: "failed", usage, error: { code: "prohibited_content", message: "The OpenAI-compatible server stopped the answer (content_filter)." } };
      if (mapper.toolCalls > 0) return { status: "requires_action", usage };
      return { status: "completed", usage };
    },
  };
}
