// The engine's OpenAI compatibility path, mounted on the engine app by one call:
//   POST /{version}/openai/chat/completions   (messages, system, tools + tool calls,
//        response_format json_schema/json_object, streaming with stream_options.include_usage)
//   GET  /{version}/openai/models[/{id}]
// so the official `openai` client pointed at `…/v1beta/openai/` works against the engine as it
// does against Google's layer. Chat requests are translated into Interactions creates (store:
// false, nothing kept) and run by the same runner and simulator; errors use OpenAI's shape.
import type { Hono } from "hono";
import { readJsonBody, jsonResponse } from "../http";
import type { EventSink, Runner, StoredEvent } from "../runner";
import { createSseWriter, sseResponse } from "../sse";
import { parseCreateBody, parsePace } from "../create-request";
import { KNOWN_MODELS } from "../model/registry";
import type { Interaction, InteractionEvent, Step } from "@/lib/interactions/types";
import { OpenAiError, openAiErrorResponse } from "./errors";
import { bareModelId, chatId, finishReason, parseChatRequest, toChatCompletion, toChatUsage, toCreateBody } from "./translate";

export interface OpenAiCompatDeps {
  runner: Runner;
  maxBodyBytes: number;
  keepAliveMs: number;
  /** Whether the engine can run this model id (the model picker's list is KNOWN_MODELS). */
  canRun: (id: string) => boolean;
}

const VERSION = "/:version{v[0-9]+[a-z0-9]*}";
const PACE_HEADER = "x-engine-pace-ms";
/** Fixed so the list is deterministic (2026-01-01T00:00:00Z). */
const MODEL_CREATED = 1767225600;

function modelObject(id: string) {
  return { id: `models/${id}`, object: "model", created: MODEL_CREATED, owned_by: "interactions-engine (simulated)" };
}

export function mountOpenAiCompat(app: Hono, deps: OpenAiCompatDeps): void {
  const base = `${VERSION}/openai`;

  app.get(`${base}/models`, () =>
    jsonResponse({ object: "list", data: KNOWN_MODELS.filter((m) => deps.canRun(m.id)).map((m) => modelObject(m.id)) }),
  );
  app.get(`${base}/models/:id{.+}`, (c) => {
    const id = bareModelId(decodeURIComponent(c.req.param("id")));
    if (!deps.canRun(id)) return openAiErrorResponse(new OpenAiError(404, `The model '${id}' does not exist.`, "not_found_error", "model", "model_not_found"));
    return jsonResponse(modelObject(id));
  });

  app.post(`${base}/chat/completions`, async (c) => {
    try {
      const raw = await readJsonBody(c.req.raw, deps.maxBodyBytes);
      const chat = parseChatRequest(raw);
      const req = parseCreateBody(toCreateBody(chat));
      const paceHeader = c.req.header(PACE_HEADER);
      const paceMs = paceHeader !== undefined ? parsePace(paceHeader, `${PACE_HEADER} header`) : undefined;
      if (!chat.stream) {
        const run = deps.runner.create(req, { paceMs });
        await run.done;
        const refusal = run.refusal();
        if (refusal) throw refusal;
        const snapshot = run.snapshot();
        if (snapshot.status === "failed") throw new OpenAiError(500, (snapshot.error as { message?: string } | undefined)?.message ?? "The run failed.", "server_error");
        return jsonResponse(toChatCompletion(chat.model, snapshot));
      }
      return streamChat(deps, chat.model, chat.stream_options?.include_usage === true, (sink) => deps.runner.create(req, { paceMs, sink }));
    } catch (err) {
      return openAiErrorResponse(err);
    }
  });

  app.all(`${base}/*`, (c) =>
    openAiErrorResponse(new OpenAiError(404, `Unknown request URL: ${c.req.method} ${new URL(c.req.url).pathname}. The OpenAI compatibility path serves chat/completions and models.`, "invalid_request_error", null, "unknown_url")),
  );
}

function streamChat(deps: OpenAiCompatDeps, model: string, includeUsage: boolean, start: (sink: EventSink) => { id: string }): Response {
  let detach = () => {};
  const writer = createSseWriter({ keepAliveMs: deps.keepAliveMs, onCancel: () => detach() });
  let id = "";
  let created = Math.floor(Date.now() / 1000);
  const toolIndex = new Map<number, number>();
  const steps: Step[] = [];
  let interaction: Interaction | undefined;
  let failed: string | undefined;
  const chunk = (delta: Record<string, unknown>, finish: string | null = null) =>
    writer.write(`data: ${JSON.stringify({ id, object: "chat.completion.chunk", created, model, choices: [{ index: 0, delta, finish_reason: finish, logprobs: null }] })}\n\n`);

  const sink: EventSink = {
    event: (e: StoredEvent) => {
      if (writer.closed) return;
      const ev = JSON.parse(e.json) as InteractionEvent;
      switch (ev.event_type) {
        case "interaction.created":
          id = chatId(String(ev.interaction.id));
          created = Math.floor(Date.parse(ev.interaction.created ?? new Date().toISOString()) / 1000);
          chunk({ role: "assistant", content: "" });
          return;
        case "step.start":
          steps[ev.index] = ev.step;
          if (ev.step.type === "function_call") {
            const k = toolIndex.size;
            toolIndex.set(ev.index, k);
            chunk({ tool_calls: [{ index: k, id: ev.step.id, type: "function", function: { name: ev.step.name, arguments: "" } }] });
          }
          return;
        case "step.delta": {
          const d = ev.delta as { type: string; text?: string; arguments?: string };
          if (d.type === "text" && steps[ev.index]?.type === "model_output") chunk({ content: d.text ?? "" });
          else if (d.type === "arguments_delta" && toolIndex.has(ev.index)) {
            chunk({ tool_calls: [{ index: toolIndex.get(ev.index), function: { arguments: d.arguments ?? "" } }] });
          }
          return;
        }
        case "error":
          failed = (ev as { error?: { message?: string } }).error?.message ?? "The run failed.";
          return;
        case "interaction.completed":
          interaction = ev.interaction as Interaction;
          return;
        default:
          return;
      }
    },
    end: () => {
      if (writer.closed) return;
      if (failed !== undefined || !interaction) {
        writer.write(`data: ${JSON.stringify({ error: { message: failed ?? "The stream ended before the run finished.", type: "server_error", param: null, code: null } })}\n\n`);
        writer.end();
        return;
      }
      chunk({}, finishReason(interaction.status, steps.filter(Boolean)));
      if (includeUsage) {
        writer.write(`data: ${JSON.stringify({ id, object: "chat.completion.chunk", created, model, choices: [], usage: toChatUsage(interaction.usage) })}\n\n`);
      }
      writer.end();
    },
  };
  let run;
  try {
    run = start(sink);
  } catch (err) {
    writer.close();
    throw err;
  }
  detach = () => deps.runner.detach(run.id, sink);
  return sseResponse(writer);
}
