// OpenAI Chat Completions ⇄ Interactions, for the engine's OpenAI compatibility path
// (`/{version}/openai/chat/completions`, the layer Google serves beside the Interactions API so
// OpenAI SDK users switch with a base URL and a key). A chat request is translated into an
// Interactions create body and then goes through the engine's own validation and runner, so every
// rule of the Interactions surface applies; the result is translated back. Everything accepted is
// used; anything else is refused by name with a 400 in OpenAI's error shape (errors.ts).
import { z } from "zod";
import type { Interaction, Step, Usage } from "@/lib/interactions/types";
import { OpenAiError } from "./errors";

const textPart = z.looseObject({ type: z.literal("text"), text: z.string() });
const imagePart = z.looseObject({
  type: z.literal("image_url"),
  image_url: z.looseObject({ url: z.string(), detail: z.string().optional() }),
});
const audioPart = z.looseObject({
  type: z.literal("input_audio"),
  input_audio: z.looseObject({ data: z.string(), format: z.string() }),
});
const userContent = z.union([z.string(), z.array(z.discriminatedUnion("type", [textPart, imagePart, audioPart]))]);
const textOnly = z.union([z.string(), z.array(textPart)]);

const toolCall = z.looseObject({
  id: z.string().min(1),
  type: z.literal("function"),
  function: z.looseObject({ name: z.string().min(1), arguments: z.string() }),
});

const message = z.discriminatedUnion("role", [
  z.looseObject({ role: z.literal("system"), content: textOnly, name: z.string().optional() }),
  z.looseObject({ role: z.literal("developer"), content: textOnly, name: z.string().optional() }),
  z.looseObject({ role: z.literal("user"), content: userContent, name: z.string().optional() }),
  z.looseObject({
    role: z.literal("assistant"),
    content: z.union([textOnly, z.null()]).optional(),
    tool_calls: z.array(toolCall).optional(),
    name: z.string().optional(),
    refusal: z.string().nullable().optional(),
  }),
  z.looseObject({ role: z.literal("tool"), content: textOnly, tool_call_id: z.string().min(1) }),
]);

const functionTool = z.strictObject({
  type: z.literal("function"),
  function: z.strictObject({
    name: z.string().min(1),
    description: z.string().optional(),
    parameters: z.record(z.string(), z.unknown()).optional(),
    strict: z.boolean().nullable().optional(),
  }),
});

export const chatRequestSchema = z.strictObject({
  model: z.string().min(1),
  messages: z.array(message).min(1),
  stream: z.boolean().nullable().optional(),
  stream_options: z.strictObject({ include_usage: z.boolean().optional() }).nullable().optional(),
  tools: z.array(functionTool).optional(),
  tool_choice: z
    .union([
      z.enum(["none", "auto", "required"]),
      z.strictObject({ type: z.literal("function"), function: z.strictObject({ name: z.string().min(1) }) }),
    ])
    .optional(),
  parallel_tool_calls: z.boolean().optional(),
  response_format: z
    .discriminatedUnion("type", [
      z.strictObject({ type: z.literal("text") }),
      z.strictObject({ type: z.literal("json_object") }),
      z.strictObject({
        type: z.literal("json_schema"),
        json_schema: z.strictObject({
          name: z.string().min(1),
          description: z.string().optional(),
          schema: z.record(z.string(), z.unknown()).optional(),
          strict: z.boolean().nullable().optional(),
        }),
      }),
    ])
    .optional(),
  max_tokens: z.number().int().positive().nullable().optional(),
  max_completion_tokens: z.number().int().positive().nullable().optional(),
  stop: z.union([z.string(), z.array(z.string()).max(16)]).nullable().optional(),
  seed: z.number().int().nullable().optional(),
  temperature: z.number().min(0).max(2).nullable().optional(),
  top_p: z.number().min(0).max(1).nullable().optional(),
  n: z.number().int().min(1).max(1, "the local engine returns one choice; n must be 1").nullable().optional(),
  reasoning_effort: z.enum(["minimal", "low", "medium", "high", "none"]).nullable().optional(),
  user: z.string().optional(),
});
export type ChatRequest = z.infer<typeof chatRequestSchema>;

function describe(issue: z.core.$ZodIssue): { message: string; param: string | null } {
  const param = issue.path.map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`)).join("").replace(/^\./, "") || null;
  if (issue.code === "unrecognized_keys") {
    return { message: `Unrecognized request argument supplied: ${issue.keys.join(", ")}`, param: param ?? issue.keys[0] ?? null };
  }
  return { message: `Invalid value for '${param ?? "(body)"}': ${issue.message.replace(/^Invalid input: /, "")}.`, param };
}

export function parseChatRequest(raw: unknown): ChatRequest {
  const parsed = chatRequestSchema.safeParse(raw);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    const d = first ? describe(first) : { message: "Invalid request body.", param: null };
    throw new OpenAiError(400, d.message, "invalid_request_error", d.param);
  }
  return parsed.data;
}

/** `gemini-3.5-flash` and `models/gemini-3.5-flash` name the same model (Google's layer takes both). */
export function bareModelId(model: string): string {
  return model.startsWith("models/") ? model.slice("models/".length) : model;
}

function joinText(content: string | { text: string }[] | null | undefined): string {
  if (content == null) return "";
  return typeof content === "string" ? content : content.map((p) => p.text).join("");
}

function dataUrl(url: string): { data: string; mime_type: string } | undefined {
  const m = /^data:([^;,]+);base64,(.*)$/s.exec(url);
  return m ? { mime_type: m[1] as string, data: m[2] as string } : undefined;
}

type UserContent = z.infer<typeof userContent>;

function userItems(content: UserContent, at: string): Record<string, unknown>[] {
  if (typeof content === "string") return [{ type: "text", text: content }];
  return content.map((part, i) => {
    if (part.type === "text") return { type: "text", text: part.text };
    if (part.type === "image_url") {
      const inline = dataUrl(part.image_url.url);
      if (inline) return { type: "image", ...inline };
      if (/^https?:\/\//.test(part.image_url.url)) return { type: "image", uri: part.image_url.url };
      throw new OpenAiError(400, `Invalid value for '${at}.content[${i}].image_url.url': expected a data: URL or an http(s) URL.`, "invalid_request_error", `${at}.content[${i}].image_url.url`);
    }
    return { type: "audio", data: part.input_audio.data, mime_type: `audio/${part.input_audio.format}` };
  });
}

/** The Interactions create body for a chat request (validated afterwards by the engine's own rules). */
export function toCreateBody(req: ChatRequest): Record<string, unknown> {
  const system: string[] = [];
  const input: Record<string, unknown>[] = [];
  const callNames = new Map<string, string>();
  req.messages.forEach((m, i) => {
    const at = `messages[${i}]`;
    switch (m.role) {
      case "system":
      case "developer":
        system.push(joinText(m.content));
        return;
      case "user":
        input.push({ type: "user_input", content: userItems(m.content, at) });
        return;
      case "assistant": {
        const text = joinText(m.content);
        if (text) input.push({ type: "model_output", content: [{ type: "text", text }] });
        for (const [j, c] of (m.tool_calls ?? []).entries()) {
          let args: unknown;
          try {
            args = JSON.parse(c.function.arguments || "{}");
          } catch {
            throw new OpenAiError(400, `Invalid value for '${at}.tool_calls[${j}].function.arguments': not valid JSON.`, "invalid_request_error", `${at}.tool_calls[${j}].function.arguments`);
          }
          if (!args || typeof args !== "object" || Array.isArray(args)) {
            throw new OpenAiError(400, `Invalid value for '${at}.tool_calls[${j}].function.arguments': expected a JSON object.`, "invalid_request_error", `${at}.tool_calls[${j}].function.arguments`);
          }
          callNames.set(c.id, c.function.name);
          input.push({ type: "function_call", id: c.id, name: c.function.name, arguments: args });
        }
        return;
      }
      case "tool": {
        const name = callNames.get(m.tool_call_id);
        if (!name) {
          throw new OpenAiError(400, `Invalid value for '${at}.tool_call_id': no earlier assistant tool call has id '${m.tool_call_id}'.`, "invalid_request_error", `${at}.tool_call_id`);
        }
        input.push({ type: "function_result", call_id: m.tool_call_id, name, result: joinText(m.content) });
        return;
      }
    }
  });
  if (!input.length) throw new OpenAiError(400, "Invalid value for 'messages': at least one user message is required.", "invalid_request_error", "messages");

  const generation: Record<string, unknown> = {};
  const maxTokens = req.max_completion_tokens ?? req.max_tokens;
  if (maxTokens != null) generation.max_output_tokens = maxTokens;
  if (req.stop != null) generation.stop_sequences = typeof req.stop === "string" ? [req.stop] : req.stop;
  if (req.seed != null) generation.seed = req.seed;
  if (req.temperature != null) generation.temperature = req.temperature;
  if (req.top_p != null) generation.top_p = req.top_p;
  if (req.reasoning_effort != null && req.reasoning_effort !== "none") {
    generation.thinking_level = req.reasoning_effort;
    generation.thinking_summaries = "auto";
  }
  if (req.tool_choice !== undefined) {
    if (typeof req.tool_choice === "string") generation.tool_choice = req.tool_choice === "required" ? "any" : req.tool_choice;
    else generation.tool_choice = { allowed_tools: { mode: "any", tools: [req.tool_choice.function.name] } };
  }

  const body: Record<string, unknown> = {
    model: bareModelId(req.model),
    input,
    // Chat completions are stateless: nothing is kept, as on Google's compatibility layer.
    store: false,
    stream: req.stream === true,
  };
  if (system.length) body.system_instruction = system.join("\n\n");
  if (req.tools?.length) {
    body.tools = req.tools.map((t) => ({
      type: "function",
      name: t.function.name,
      ...(t.function.description !== undefined ? { description: t.function.description } : {}),
      ...(t.function.parameters !== undefined ? { parameters: t.function.parameters } : {}),
    }));
  }
  if (Object.keys(generation).length) body.generation_config = generation;
  if (req.response_format?.type === "json_object") body.response_format = { type: "text", mime_type: "application/json" };
  if (req.response_format?.type === "json_schema") {
    const { schema } = req.response_format.json_schema;
    body.response_format = { type: "text", mime_type: "application/json", ...(schema ? { schema } : {}) };
  }
  return body;
}

export interface ChatUsage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  completion_tokens_details?: { reasoning_tokens: number };
}

export function toChatUsage(u: Usage | undefined): ChatUsage {
  const prompt = u?.total_input_tokens ?? 0;
  const thought = u?.total_thought_tokens ?? 0;
  const completion = (u?.total_output_tokens ?? 0) + thought;
  return { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion, ...(thought ? { completion_tokens_details: { reasoning_tokens: thought } } : {}) };
}

export type FinishReason = "stop" | "length" | "tool_calls" | "content_filter";

export function finishReason(status: string, steps: Step[]): FinishReason {
  if (status === "requires_action" || steps.some((s) => s.type === "function_call")) return "tool_calls";
  if (status === "incomplete") return "length";
  return "stop";
}

export interface ChatCompletion {
  id: string;
  object: "chat.completion";
  created: number;
  model: string;
  choices: {
    index: 0;
    message: { role: "assistant"; content: string | null; refusal: null; tool_calls?: { id: string; type: "function"; function: { name: string; arguments: string } }[] };
    finish_reason: FinishReason;
    logprobs: null;
  }[];
  usage: ChatUsage;
}

export function chatId(interactionId: string): string {
  return `chatcmpl-${interactionId.replace(/^int_/, "")}`;
}

export function toChatCompletion(model: string, i: Interaction): ChatCompletion {
  const steps = i.steps ?? [];
  const text = steps
    .filter((s) => s.type === "model_output")
    .flatMap((s) => s.content ?? [])
    .map((c) => (c.type === "text" ? (c.text ?? "") : ""))
    .join("");
  const calls = steps
    .filter((s) => s.type === "function_call")
    .map((s) => ({ id: String(s.id), type: "function" as const, function: { name: String(s.name), arguments: JSON.stringify(s.arguments ?? {}) } }));
  return {
    id: chatId(i.id),
    object: "chat.completion",
    created: Math.floor(Date.parse(i.created ?? new Date().toISOString()) / 1000),
    model,
    choices: [
      {
        index: 0,
        message: { role: "assistant", content: text || (calls.length ? null : ""), refusal: null, ...(calls.length ? { tool_calls: calls } : {}) },
        finish_reason: finishReason(i.status, steps),
        logprobs: null,
      },
    ],
    usage: toChatUsage(i.usage),
  };
}
