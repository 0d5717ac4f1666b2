// A loopback stand-in for Google's Interactions endpoint, used as GEMINI_BASE_URL by the e2e suite.
// Speaks just enough of the wire (reference §1.1, §7): JSON create, SSE create, GET, cancel, and the
// live error envelope. It records what each request carried — notably the `x-goog-api-key` the
// proxy injected — under /__stand-in/requests, so a spec can check the key arrived upstream
// while the browser never saw it. It never prints the key.
import http from "node:http";

const port = Number(process.env.STAND_IN_PORT ?? process.argv[2] ?? 0);
/** @type {{method:string, path:string, api_key:string|null, content_type:string|null, session_header:string|null, body:unknown}[]} */
const requests = [];
/** @type {Map<string, {interaction: object, events: object[]}>} */
const store = new Map();
let counter = 0;

const json = (res, status, obj, extra = {}) => {
  const body = JSON.stringify(obj);
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(body), ...extra });
  res.end(body);
};
const envelope = (res, status, code, message) => json(res, status, { error: { code, message } });

function inputText(input) {
  if (typeof input === "string") return input;
  const items = Array.isArray(input) ? input : input ? [input] : [];
  const out = [];
  for (const it of items) {
    if (!it || typeof it !== "object") continue;
    if (typeof it.text === "string") out.push(it.text);
    if (Array.isArray(it.content)) for (const c of it.content) if (c && typeof c.text === "string") out.push(c.text);
  }
  return out.join(" ");
}

// Image / audio formats in response_format (the live service's multi-format output): the stand-in
// answers each with one fixed media item — a 1×1 PNG, and 0.1 s of a 440 Hz tone as 8 kHz 16-bit
// WAV — so the session pane's media rendering and download can be tested. Not the simulator.
const STAND_IN_PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==";
function standInWav() {
  const rate = 8000;
  const n = rate / 10;
  const buf = Buffer.alloc(44 + n * 2);
  buf.write("RIFF", 0);
  buf.writeUInt32LE(36 + n * 2, 4);
  buf.write("WAVEfmt ", 8);
  buf.writeUInt32LE(16, 16);
  buf.writeUInt16LE(1, 20);
  buf.writeUInt16LE(1, 22);
  buf.writeUInt32LE(rate, 24);
  buf.writeUInt32LE(rate * 2, 28);
  buf.writeUInt16LE(2, 32);
  buf.writeUInt16LE(16, 34);
  buf.write("data", 36);
  buf.writeUInt32LE(n * 2, 40);
  for (let i = 0; i < n; i++) buf.writeInt16LE(Math.round(Math.sin((2 * Math.PI * 440 * i) / rate) * 8000), 44 + i * 2);
  return buf.toString("base64");
}
function mediaFor(body) {
  const formats = Array.isArray(body.response_format) ? body.response_format : body.response_format ? [body.response_format] : [];
  const out = [];
  if (formats.some((f) => f && f.type === "image")) out.push({ type: "image", mime_type: "image/png", data: STAND_IN_PNG });
  if (formats.some((f) => f && f.type === "audio")) out.push({ type: "audio", mime_type: "audio/wav", data: standInWav() });
  return out;
}

function run(body) {
  const id = `int_standin_${++counter}`;
  const text = `Stand-in Gemini heard: ${inputText(body.input).slice(0, 200)}`;
  const words = text.split(/(?<= )/);
  const model = typeof body.model === "string" ? body.model : "gemini-3.5-flash";
  const created = new Date().toISOString();
  const usage = { total_input_tokens: inputText(body.input).split(/\s+/).filter(Boolean).length, total_output_tokens: words.length };
  usage.total_tokens = usage.total_input_tokens + usage.total_output_tokens;
  let n = 0;
  const eid = () => `s${++n}`;
  const media = mediaFor(body);
  const events = [
    { event_type: "interaction.created", interaction: { id, object: "interaction", model, status: "in_progress", created }, event_id: eid() },
    { event_type: "interaction.status_update", interaction_id: id, status: "in_progress", event_id: eid() },
    { event_type: "step.start", index: 0, step: { type: "model_output", content: [] }, event_id: eid() },
    ...words.map((w) => ({ event_type: "step.delta", index: 0, delta: { type: "text", text: w }, event_id: eid() })),
    ...media.map((m) => ({ event_type: "step.delta", index: 0, delta: m, event_id: eid() })),
    { event_type: "step.stop", index: 0, event_id: eid() },
    { event_type: "interaction.completed", interaction: { id, status: "completed", usage }, event_id: eid() },
  ];
  const interaction = {
    id,
    object: "interaction",
    model,
    status: "completed",
    created,
    updated: new Date().toISOString(),
    steps: [{ type: "model_output", content: [{ type: "text", text }, ...media] }],
    usage,
  };
  if (body.previous_interaction_id) interaction.previous_interaction_id = body.previous_interaction_id;
  const input = typeof body.input === "string" ? [{ type: "user_input", content: [{ type: "text", text: body.input }] }] : [];
  store.set(id, { interaction, events, input });
  return { interaction, events };
}

async function streamEvents(req, res, events) {
  res.writeHead(200, { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache, no-transform", connection: "keep-alive" });
  let closed = false;
  req.on("close", () => (closed = true));
  for (const ev of events) {
    if (closed) return;
    res.write(`data: ${JSON.stringify(ev)}\n\n`);
    await new Promise((r) => setTimeout(r, 15));
  }
  res.end("data: [DONE]\n\n");
}

const server = http.createServer(async (req, res) => {
  const url = new URL(req.url ?? "/", "http://stand-in");
  const chunks = [];
  for await (const c of req) chunks.push(c);
  const raw = Buffer.concat(chunks).toString("utf8");

  if (url.pathname === "/__stand-in/health") return json(res, 200, { ok: true });
  if (url.pathname === "/__stand-in/requests") {
    if (req.method === "DELETE") {
      requests.length = 0;
      return json(res, 200, {});
    }
    return json(res, 200, { requests });
  }

  let body = null;
  if (raw) {
    try {
      body = JSON.parse(raw);
    } catch {
      body = raw;
    }
  }
  const key = req.headers["x-goog-api-key"];
  requests.push({
    method: req.method ?? "GET",
    path: url.pathname + url.search,
    api_key: typeof key === "string" ? key : null,
    content_type: req.headers["content-type"] ?? null,
    session_header: typeof req.headers["x-playground-session"] === "string" ? req.headers["x-playground-session"] : null,
    body,
  });

  if (typeof key !== "string" || !key) return envelope(res, 401, "unauthenticated", "API key not valid. Please pass a valid API key.");

  const m = url.pathname.match(/^\/(v1|v1beta|v1alpha)\/interactions(?:\/([^/]+))?(\/cancel)?$/);
  if (!m) return envelope(res, 404, "not_found", "Method not found.");
  const [, , id, cancel] = m;

  if (req.method === "POST" && !id) {
    if (!body || typeof body !== "object" || (!body.model && !body.agent)) return envelope(res, 400, "invalid_request", "model or agent is required.");
    const { interaction, events } = run(body);
    if (body.stream === true) return streamEvents(req, res, events);
    return json(res, 200, interaction);
  }
  const rec = id ? store.get(decodeURIComponent(id)) : undefined;
  if (!rec) return envelope(res, 404, "not_found", "Requested entity was not found.");
  if (req.method === "POST" && cancel) return json(res, 200, { ...rec.interaction, status: "cancelled" });
  if (req.method === "GET") {
    if (url.searchParams.get("stream") === "true") {
      const after = url.searchParams.get("last_event_id");
      const i = after ? rec.events.findIndex((e) => e.event_id === after) : -1;
      return streamEvents(req, res, rec.events.slice(i + 1));
    }
    // A GET holds the turn's user_input steps in front (reference §12 E7).
    return json(res, 200, { ...rec.interaction, steps: [...rec.input, ...rec.interaction.steps] });
  }
  if (req.method === "DELETE") return json(res, 200, {});
  return envelope(res, 404, "not_found", "Method not found.");
});

server.listen(port, "127.0.0.1", () => {
  const addr = server.address();
  console.log(`stand-in gemini listening on http://127.0.0.1:${typeof addr === "object" && addr ? addr.port : port}`);
});
for (const sig of ["SIGTERM", "SIGINT"]) process.on(sig, () => server.close(() => process.exit(0)));
