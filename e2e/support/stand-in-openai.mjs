// A loopback stand-in for an OpenAI-compatible chat server (Ollama, vLLM, llama.cpp …): the
// `openai` backend's upstream in unit tests and e2e. `GET /v1/models` and `POST /v1/chat/completions`
// (streamed or not). Requests are answered by the next queued handler if a test queued one, else
// by a documented deterministic script:
//   - the last message is a tool result  → text "The tool <name> answered: <content>"
//   - tools are declared (and the user did not say "no tools") → one call to the first tool, each
//     string parameter set to the last capitalised word of the user's text (else "test")
//   - otherwise → text "Stand-in chat heard: <text> (<n> earlier messages)"
// With `key` set, a request without `Authorization: Bearer <key>` gets 401. Requests are recorded
// (the key itself never: only whether it matched) in `requests` and at GET /__stand-in/requests.
// Run directly (`node e2e/support/stand-in-openai.mjs`) it listens on STAND_IN_PORT with
// STAND_IN_KEY; it never prints the key.
import http from "node:http";

export const STAND_IN_MODELS = ["stand-in-chat", "stand-in-small"];

/** @param {Record<string, unknown>} body */
function lastUserText(messages) {
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i];
    if (m?.role !== "user") continue;
    if (typeof m.content === "string") return m.content;
    if (Array.isArray(m.content)) return m.content.filter((p) => p?.type === "text").map((p) => p.text).join(" ");
  }
  return "";
}

/** The scripted answer: `{ text }` or `{ call: { name, arguments } }`. */
export function scriptedAnswer(body) {
  const messages = Array.isArray(body.messages) ? body.messages : [];
  const last = messages[messages.length - 1];
  if (last?.role === "tool") {
    const call = messages.flatMap((m) => m?.tool_calls ?? []).find((c) => c.id === last.tool_call_id);
    return { text: `The tool ${call?.function?.name ?? "?"} answered: ${last.content}` };
  }
  const user = lastUserText(messages);
  const tools = Array.isArray(body.tools) ? body.tools : [];
  if (tools.length && body.tool_choice !== "none" && !/\bno tools\b/i.test(user)) {
    const fn = tools[0].function ?? {};
    const word = (user.match(/\b[A-Z][a-z]+\b/g) ?? []).pop() ?? "test";
    const args = {};
    for (const [k, v] of Object.entries(fn.parameters?.properties ?? {})) if (v?.type === "string") args[k] = word;
    return { call: { name: fn.name, arguments: args } };
  }
  const earlier = messages.filter((m) => m?.role === "user" || m?.role === "assistant").length - 1;
  return { text: `Stand-in chat heard: ${user.slice(0, 200)} (${Math.max(0, earlier)} earlier messages)` };
}

function send(res, status, obj) {
  const body = JSON.stringify(obj);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
  res.end(body);
}

function answer(res, body, a) {
  const model = typeof body.model === "string" ? body.model : "stand-in-chat";
  const usage = { prompt_tokens: 7, completion_tokens: 5, total_tokens: 12 };
  const id = `chatcmpl-standin-${Date.now()}`;
  if (body.stream) {
    res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
    const chunk = (delta, finish = null) => res.write(`data: ${JSON.stringify({ id, object: "chat.completion.chunk", model, choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`);
    if (a.call) {
      const args = JSON.stringify(a.call.arguments);
      chunk({ role: "assistant", tool_calls: [{ index: 0, id: "call_standin_1", type: "function", function: { name: a.call.name, arguments: "" } }] });
      chunk({ tool_calls: [{ index: 0, function: { arguments: args.slice(0, Math.ceil(args.length / 2)) } }] });
      chunk({ tool_calls: [{ index: 0, function: { arguments: args.slice(Math.ceil(args.length / 2)) } }] }, "tool_calls");
    } else {
      const words = a.text.split(/(?<= )/);
      words.forEach((w, i) => chunk(i === 0 ? { role: "assistant", content: w } : { content: w }, i === words.length - 1 ? "stop" : null));
    }
    res.write(`data: ${JSON.stringify({ id, object: "chat.completion.chunk", model, choices: [], usage })}\n\n`);
    res.end("data: [DONE]\n\n");
    return;
  }
  const message = a.call
    ? { role: "assistant", content: null, tool_calls: [{ id: "call_standin_1", type: "function", function: { name: a.call.name, arguments: JSON.stringify(a.call.arguments) } }] }
    : { role: "assistant", content: a.text };
  send(res, 200, { id, object: "chat.completion", model, choices: [{ index: 0, message, finish_reason: a.call ? "tool_calls" : "stop" }], usage });
}

/**
 * @param {{ port?: number, key?: string, requireKey?: boolean }} [opts] requireKey (default true): refuse unauthorized requests with 401; false records only.
 * @returns {Promise<{ url: string, baseUrl: string, requests: {method:string,url:string,authorized:boolean,body:any,headers:Record<string,unknown>}[], queue: ((req:any, body:any, res:any) => void)[], close: () => Promise<void> }>}
 */
export async function startOpenAIStandIn(opts = {}) {
  const requests = [];
  const queue = [];
  const server = http.createServer((req, res) => {
    let raw = "";
    req.on("data", (d) => (raw += d));
    req.on("end", () => {
      const url = req.url ?? "";
      if (url === "/__stand-in/health") return send(res, 200, { ok: true });
      if (url === "/__stand-in/requests") return send(res, 200, { requests: requests.map((r) => ({ method: r.method, url: r.url, authorized: r.authorized, body: r.body })) });
      let body = {};
      try {
        body = raw ? JSON.parse(raw) : {};
      } catch {
        return send(res, 400, { error: { message: "body is not JSON", type: "invalid_request_error" } });
      }
      const authorized = !opts.key || req.headers.authorization === `Bearer ${opts.key}`;
      const headers = { ...req.headers };
      delete headers.authorization;
      requests.push({ method: req.method ?? "", url, authorized, body, headers });
      if (!authorized && opts.requireKey !== false) return send(res, 401, { error: { message: "Incorrect API key provided.", type: "invalid_request_error", code: "invalid_api_key" } });
      const queued = queue.shift();
      if (queued) return queued(req, body, res);
      if (req.method === "GET" && url === "/v1/models") return send(res, 200, { object: "list", data: STAND_IN_MODELS.map((id) => ({ id, object: "model", owned_by: "stand-in" })) });
      if (req.method === "POST" && url === "/v1/chat/completions") return answer(res, body, scriptedAnswer(body));
      send(res, 404, { error: { message: `No route ${req.method} ${url}`, type: "invalid_request_error" } });
    });
  });
  await new Promise((r) => server.listen(opts.port ?? 0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${server.address().port}`;
  return {
    url,
    baseUrl: `${url}/v1`,
    requests,
    queue,
    close: async () => {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const s = await startOpenAIStandIn({ port: Number(process.env.STAND_IN_PORT ?? 0), key: process.env.STAND_IN_KEY || undefined });
  console.log(`stand-in OpenAI-compatible server on ${s.url}`);
}
