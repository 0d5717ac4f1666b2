import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { applyEvent, emptyFold, type FoldState } from "@/lib/interactions/fold";
import { createStreamReader } from "@/lib/interactions/sse";
import type { Step } from "@/lib/interactions/types";
import type { Turn } from "./api-types";
import {
  DEFAULT_SETTINGS,
  attachmentKind,
  attachmentToContent,
  base64FromDataUrl,
  buildGenerationConfig,
  byteToCharIndex,
  createHeaders,
  functionResultSteps,
  mergeTurns,
  normalizeInput,
  parseDropAfter,
  parseResultText,
  parseTools,
  pendingCalls,
  planNextRequest,
  replayableSteps,
  splitRequestInput,
  stepToMarkdown,
  unfinishedReason,
  userInputStep,
  viewFromLive,
  viewFromRecord,
  withCitations,
  type LiveTurn,
  type RunSettings,
  type TurnView,
} from "./turn-model";

const settings = (over: Partial<RunSettings> = {}): RunSettings => ({ ...DEFAULT_SETTINGS, ...over });

function record(over: Partial<Turn> & { interaction_id: string }): Turn {
  return {
    session_id: "s1",
    backend: "local",
    api_version: "v1beta",
    request: { model: "local-sim", input: [userInputStep("hi")], store: true, stream: true },
    interaction: { id: over.interaction_id, status: "completed", steps: [{ type: "model_output", content: [{ type: "text", text: "hello" }] }] },
    status: "completed",
    stream: true,
    background: false,
    store: true,
    created_ms: 1000,
    first_event_ms: 1040,
    completed_ms: 1500,
    terminal: true,
    last_event_id: "e9",
    event_count: 9,
    http_status: 200,
    error: null,
    deleted_upstream: false,
    ...over,
  };
}

function foldFixture(name: string): FoldState {
  const text = readFileSync(new URL(`../../tests/fixtures/sse/${name}`, import.meta.url), "utf8");
  let fold = emptyFold();
  const reader = createStreamReader({ onEvent: (ev) => (fold = applyEvent(fold, ev)) });
  reader.feed(text);
  reader.end();
  return fold;
}

function live(fold: FoldState, over: Partial<LiveTurn> = {}): LiveTurn {
  return {
    key: "local-1",
    sessionId: "s1",
    backend: "local",
    request: { model: "local-sim", input: [userInputStep("hi")], store: true, stream: true },
    fold,
    createdMs: 1000,
    firstEventMs: 1020,
    completedMs: 1300,
    running: false,
    phase: null,
    error: null,
    ...over,
  };
}

describe("settings → request fields", () => {
  it("accepts an empty or array Tools box and rejects anything else", () => {
    expect(parseTools("")).toEqual({ ok: true, value: [] });
    expect(parseTools('[{"type":"google_search"}]')).toEqual({ ok: true, value: [{ type: "google_search" }] });
    const notArray = parseTools('{"type":"google_search"}');
    expect(notArray.ok).toBe(false);
    if (!notArray.ok) expect(notArray.error).toMatch(/array/);
    const broken = parseTools("[{");
    expect(broken.ok).toBe(false);
    if (!broken.ok) expect(broken.error).toMatch(/does not parse/);
    expect(parseTools('[{"name":"x"}]').ok).toBe(false);
  });

  it("builds generation_config from only the fields set", () => {
    expect(buildGenerationConfig(settings())).toEqual({ ok: true, value: undefined });
    expect(
      buildGenerationConfig(
        settings({ thinkingLevel: "low", thinkingSummaries: "auto", maxOutputTokens: "256", stopSequences: "END\n\n###\r\n", seed: "-7" }),
      ),
    ).toEqual({
      ok: true,
      value: { thinking_level: "low", thinking_summaries: "auto", max_output_tokens: 256, stop_sequences: ["END", "###"], seed: -7 },
    });
    expect(buildGenerationConfig(settings({ maxOutputTokens: "12.5" })).ok).toBe(false);
    expect(buildGenerationConfig(settings({ maxOutputTokens: "0" })).ok).toBe(false);
  });
});

describe("attachments → content items", () => {
  it("maps image, audio and PDF files and refuses others", () => {
    expect(attachmentKind("image/png")).toBe("image");
    expect(attachmentKind("audio/mpeg")).toBe("audio");
    expect(attachmentKind("application/pdf")).toBe("document");
    expect(attachmentKind("application/zip")).toBeNull();
    expect(() => attachmentToContent({ id: "1", name: "a.zip", mimeType: "application/zip", size: 3, data: "AAA" })).toThrow(/Unsupported/);
  });

  it("puts the text first and each file as base64 data with its mime type", () => {
    expect(base64FromDataUrl("data:image/png;base64,iVBORw0K")).toBe("iVBORw0K");
    const step = userInputStep("Describe these", [
      { id: "a", name: "cat.png", mimeType: "image/png", size: 4, data: "iVBO" },
      { id: "b", name: "memo.pdf", mimeType: "application/pdf", size: 4, data: "JVBE" },
      { id: "c", name: "hi.mp3", mimeType: "audio/mpeg", size: 4, data: "SUQz" },
    ]);
    expect(step).toEqual({
      type: "user_input",
      content: [
        { type: "text", text: "Describe these" },
        { type: "image", data: "iVBO", mime_type: "image/png" },
        { type: "document", data: "JVBE", mime_type: "application/pdf" },
        { type: "audio", data: "SUQz", mime_type: "audio/mpeg" },
      ],
    });
    expect(userInputStep("  ", [{ id: "a", name: "x.png", mimeType: "image/png", size: 1, data: "A" }]).content).toHaveLength(1);
  });
});

describe("function-result form → steps", () => {
  it("sends JSON objects as objects and everything else as the typed text", () => {
    expect(parseResultText('{"temp": 21}')).toEqual({ temp: 21 });
    expect(parseResultText("sunny, 21C")).toBe("sunny, 21C");
    expect(parseResultText("[1,2]")).toBe("[1,2]");
    expect(parseResultText("{not json")).toBe("{not json");
  });

  it("fills name and call_id and sets is_error only when switched on", () => {
    expect(
      functionResultSteps([
        { callId: "call_a", name: "get_weather", text: '{"c":21}', isError: false },
        { callId: "call_b", name: "get_time", text: "timeout", isError: true },
      ]),
    ).toEqual([
      { type: "function_result", call_id: "call_a", name: "get_weather", result: { c: 21 } },
      { type: "function_result", call_id: "call_b", name: "get_time", result: "timeout", is_error: true },
    ]);
  });
});

describe("planNextRequest", () => {
  const turn1 = viewFromRecord(record({ interaction_id: "int_1" }));
  const input = [userInputStep("and then?")];

  it("starts fresh with the model, input, settings and stream flag", () => {
    const r = planNextRequest({
      settings: settings({ systemInstruction: "Be terse", toolsJson: '[{"type":"code_execution"}]', seed: "3" }),
      target: "local-sim",
      history: [],
      input,
    });
    expect(r).toEqual({
      ok: true,
      value: {
        mode: "fresh",
        note: null,
        body: {
          model: "local-sim",
          input,
          system_instruction: "Be terse",
          tools: [{ type: "code_execution" }],
          generation_config: { seed: 3 },
          store: true,
          stream: true,
        },
      },
    });
  });

  it("chains from the last chainable turn and re-sends tools, instruction and config", () => {
    const failed = viewFromRecord(record({ interaction_id: "int_2", status: "failed", interaction: { id: "int_2", status: "failed", steps: [] } }));
    const r = planNextRequest({
      settings: settings({ systemInstruction: "Be terse", toolsJson: '[{"type":"google_search"}]', thinkingLevel: "high" }),
      target: "local-sim",
      history: [turn1, failed],
      input,
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.mode).toBe("chain");
    expect(r.value.body).toMatchObject({
      previous_interaction_id: "int_1",
      input,
      system_instruction: "Be terse",
      tools: [{ type: "google_search" }],
      generation_config: { thinking_level: "high" },
    });
  });

  it("with store off sends the whole transcript as steps, and says so", () => {
    const t1 = viewFromRecord(
      record({
        interaction_id: "int_1",
        store: false,
        interaction: {
          id: "int_1",
          status: "requires_action",
          steps: [
            { type: "thought", summary: [{ type: "text", text: "secret plan" }], signature: "sig1" },
            { type: "function_call", id: "call_1", name: "f", arguments: { a: 1 } },
          ],
        },
        status: "requires_action",
      }),
    );
    const t2 = viewFromRecord(
      record({
        interaction_id: "int_2",
        store: false,
        request: { model: "m", input: [...replayableSteps(t1), ...functionResultSteps([{ callId: "call_1", name: "f", text: "ok", isError: false }])] },
        interaction: { id: "int_2", status: "completed", steps: [{ type: "model_output", content: [{ type: "text", text: "done" }] }] },
      }),
    );
    // the stored second turn shows only its new input (the function_result), not the replayed transcript
    expect(t2.inputSteps).toEqual([{ type: "function_result", call_id: "call_1", name: "f", result: "ok" }]);
    expect(t2.transcriptSteps).toBe(3);

    const r = planNextRequest({ settings: settings({ store: false }), target: "m", history: [t1, t2], input });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.mode).toBe("transcript");
    expect(r.value.body.previous_interaction_id).toBeUndefined();
    expect(r.value.body.store).toBe(false);
    expect(r.value.body.input).toEqual([
      { type: "user_input", content: [{ type: "text", text: "hi" }] },
      { type: "thought", signature: "sig1" },
      { type: "function_call", id: "call_1", name: "f", arguments: { a: 1 } },
      { type: "function_result", call_id: "call_1", name: "f", result: "ok" },
      { type: "model_output", content: [{ type: "text", text: "done" }] },
      ...input,
    ]);
    expect(r.value.note).toMatch(/Store is off.*whole transcript \(5 earlier steps\)/);
  });

  it("falls back to the transcript when store is on but the last turn was not stored", () => {
    const t1 = viewFromRecord(record({ interaction_id: "int_1", store: false }));
    const r = planNextRequest({ settings: settings(), target: "m", history: [t1], input });
    expect(r.ok && r.value.mode).toBe("transcript");
    if (r.ok) expect(r.value.note).toMatch(/not stored/);
  });

  it("never chains to an interaction of another backend", () => {
    const r = planNextRequest({ settings: settings({ backend: "gemini" }), target: "gemini-3.5-flash", history: [turn1], input });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.mode).toBe("transcript");
    expect(r.value.body.previous_interaction_id).toBeUndefined();
    expect(r.value.body.input).toEqual([...replayableSteps(turn1), ...input]);
    expect(r.value.note).toMatch(/ran on the local backend/);
  });

  it("chains a forked session's first turn from the fork point", () => {
    const fork = { fromSessionId: "s0", fromInteractionId: "int_9", fromTurn: 2, backend: "local", stored: true, steps: replayableSteps(turn1) };
    const r = planNextRequest({ settings: settings(), target: "m", history: [], input, fork });
    expect(r.ok && r.value.body.previous_interaction_id).toBe("int_9");
    const off = planNextRequest({ settings: settings({ store: false }), target: "m", history: [], input, fork });
    expect(off.ok && off.value.body.input).toEqual([...fork.steps, ...input]);
  });

  it("sends agents without generation_config, and background instead of stream", () => {
    const r = planNextRequest({
      settings: settings({ targetKind: "agent", thinkingLevel: "low", background: true }),
      target: "deep-research-preview-04-2026",
      history: [],
      input,
    });
    expect(r.ok && r.value.body).toEqual({ agent: "deep-research-preview-04-2026", input, store: true, background: true });
  });

  it("refuses bad settings with a readable reason", () => {
    const cases: [Partial<RunSettings>, string, RegExp][] = [
      [{}, "", /Choose a model/],
      [{ toolsJson: "{}" }, "m", /array/],
      [{ background: true, store: false }, "m", /Store on/],
      [{ seed: "x" }, "m", /Seed/],
    ];
    for (const [over, target, re] of cases) {
      const r = planNextRequest({ settings: settings(over), target, history: [], input });
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error).toMatch(re);
    }
  });
});

describe("turn views", () => {
  it("normalizes every input form to steps", () => {
    expect(normalizeInput("Hi")).toEqual([{ type: "user_input", content: [{ type: "text", text: "Hi" }] }]);
    expect(normalizeInput({ type: "text", text: "Hi" })).toEqual([{ type: "user_input", content: [{ type: "text", text: "Hi" }] }]);
    expect(normalizeInput([{ type: "text", text: "a" }, { type: "image", data: "x", mime_type: "image/png" }])).toHaveLength(1);
    expect(splitRequestInput({ input: [{ type: "function_result", call_id: "c", result: "r" }], previous_interaction_id: "i" }).newInput).toHaveLength(1);
  });

  it("renders a live fold and the stored record of the same stream alike", () => {
    const fold = foldFixture("text-with-thought.sse");
    const lv = viewFromLive(live(fold));
    expect(lv.status).toBe("completed");
    expect(lv.terminal).toBe(true);
    expect(lv.steps.map((s) => s.type)).toEqual(["thought", "model_output"]);
    expect(lv.steps[1]?.content?.[0]?.text).toBe("Hello there! How can I help today?");
    expect(lv.usage?.total_tokens).toBe(25);
    const stored = viewFromRecord(
      record({ interaction_id: lv.interactionId!, interaction: { ...fold.interaction, steps: lv.steps }, last_event_id: lv.lastEventId }),
    );
    expect(stored.steps).toEqual(lv.steps);
    expect(stored.inputSteps).toEqual(lv.inputSteps);
    expect(stored.status).toBe(lv.status);
  });

  it("flags a dropped stream and lists pending calls of a requires_action turn", () => {
    const dropped = viewFromLive(live(foldFixture("dropped-no-terminal.sse")));
    expect(dropped.terminal).toBe(false);
    expect(unfinishedReason(dropped)).toBe("Stream ended without a terminal event");
    expect(dropped.lastEventId).toBe("d4");
    expect(unfinishedReason({ ...dropped, running: true })).toBeNull();

    const calls = viewFromLive(live(foldFixture("parallel-function-calls.sse")));
    expect(calls.status).toBe("requires_action");
    expect(pendingCalls(calls).map((s) => [s.id, s.name, s.arguments])).toEqual([
      ["call_a", "get_weather", { city: "Paris", unit: "celsius" }],
      ["call_b", "get_time", { timezone: "Europe/Paris" }],
    ]);
    expect(pendingCalls({ ...calls, status: "completed" })).toEqual([]);
  });

  it("shows a mid-stream error as a failed turn", () => {
    const v = viewFromLive(live(foldFixture("error-midstream.sse")));
    expect(v.status).toBe("failed");
    expect(v.error?.code).toBe("prohibited_content");
    expect(unfinishedReason(v)).toBeNull();
  });

  it("lays live runs over stored turns", () => {
    const s1 = viewFromRecord(record({ interaction_id: "int_1" }));
    const s2 = viewFromRecord(record({ interaction_id: "int_2", terminal: false, status: "in_progress", interaction: null, event_count: 3 }));
    const l2: TurnView = { ...s2, live: true, running: false, terminal: true, status: "completed", eventCount: 9, key: "local-2" };
    const l3: TurnView = { ...s1, key: "local-3", interactionId: null, live: true, running: true, createdMs: 5000 };
    const merged = mergeTurns([s1, s2], [l3, l2]);
    expect(merged.map((t) => t.key)).toEqual(["int_1", "local-2", "local-3"]);
    // once the record holds the end, the stored view wins
    const s2done = viewFromRecord(record({ interaction_id: "int_2" }));
    expect(mergeTurns([s1, s2done], [l2]).map((t) => t.key)).toEqual(["int_1", "int_2"]);
  });
});

describe("markdown and citations", () => {
  it("converts byte offsets to string offsets", () => {
    expect(byteToCharIndex("héllo", 3)).toBe(2);
    expect(byteToCharIndex("abc", 99)).toBe(3);
  });

  it("numbers url citations and lists the sources", () => {
    const text = "Paris is big. Rome is old.";
    const { markdown, sources } = withCitations(text, [
      { type: "url_citation", url: "https://a.example", title: "A", start_index: 0, end_index: 13 },
      { type: "url_citation", url: "https://b.example", start_index: 14, end_index: 26 },
    ]);
    expect(markdown).toBe("Paris is big. [[1]](https://a.example) Rome is old. [[2]](https://b.example)");
    expect(sources).toEqual([
      { n: 1, url: "https://a.example", title: "A" },
      { n: 2, url: "https://b.example", title: undefined },
    ]);
    const step: Step = { type: "model_output", content: [{ type: "text", text, annotations: [{ type: "url_citation", url: "https://a.example", title: "A", end_index: 13 }] }] };
    expect(stepToMarkdown(step)).toBe("Paris is big. [[1]](https://a.example) Rome is old.\n\nSources:\n1. [A](https://a.example)");
  });

  it("keeps the background fixture's citation on the output text", () => {
    const v = viewFromLive(live(foldFixture("background-agent.sse")));
    const out = v.steps.find((s) => s.type === "model_output");
    expect(stepToMarkdown(out!)).toMatch(/\[\[1\]\]\(https?:\/\/[^)]+\)/);
  });
});

describe("fault switch (Drop stream after N events)", () => {
  const input = [userInputStep("Write 200 words about rivers.")];

  it("parses the box: empty is off, else a whole number from 1 to 100000", () => {
    expect(parseDropAfter("")).toEqual({ ok: true, value: undefined });
    expect(parseDropAfter("  ")).toEqual({ ok: true, value: undefined });
    expect(parseDropAfter("6")).toEqual({ ok: true, value: 6 });
    expect(parseDropAfter(" 100000 ")).toEqual({ ok: true, value: 100000 });
    for (const bad of ["0", "-3", "1.5", "1e3", "abc", "100001", "99999999999999999999"]) {
      const r = parseDropAfter(bad);
      expect(r.ok, bad).toBe(false);
      if (!r.ok) expect(r.error).toMatch(/Drop stream after N events must be a whole number from 1 to 100000/);
    }
  });

  it("sends x-engine-fault only for a streamed create on the local engine", () => {
    const on = { backend: "local", stream: true, background: false, dropAfterEvents: "6" } as const;
    expect(createHeaders(on)).toEqual({ ok: true, value: { "x-engine-fault": "drop-after=6" } });
    expect(createHeaders({ ...on, dropAfterEvents: "" })).toEqual({ ok: true, value: {} });
    // Never to Google's service, never on a non-streamed or background create.
    expect(createHeaders({ ...on, backend: "gemini" })).toEqual({ ok: true, value: {} });
    expect(createHeaders({ ...on, stream: false })).toEqual({ ok: true, value: {} });
    expect(createHeaders({ ...on, background: true })).toEqual({ ok: true, value: {} });
    // A malformed value blocks only a send it would apply to.
    expect(createHeaders({ ...on, dropAfterEvents: "0" }).ok).toBe(false);
    expect(createHeaders({ ...on, backend: "gemini", dropAfterEvents: "0" })).toEqual({ ok: true, value: {} });
  });

  it("adds the Fault presets list to every local create (background and unstreamed too)", () => {
    const on = { backend: "local", stream: true, background: false, dropAfterEvents: "6", faultPresets: " early-404=5s , chain-501 " } as const;
    expect(createHeaders(on)).toEqual({ ok: true, value: { "x-engine-fault": "drop-after=6,early-404=5s,chain-501" } });
    expect(createHeaders({ ...on, background: true })).toEqual({ ok: true, value: { "x-engine-fault": "early-404=5s,chain-501" } });
    expect(createHeaders({ ...on, backend: "gemini" })).toEqual({ ok: true, value: {} });
    expect(createHeaders({ ...on, faultPresets: "drop; table" }).ok).toBe(false);
  });

  it("planNextRequest carries the header and says so; without the setting there is none", () => {
    const r = planNextRequest({ settings: settings({ dropAfterEvents: "6" }), target: "m", history: [], input });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.headers).toEqual({ "x-engine-fault": "drop-after=6" });
    expect(r.value.body).not.toHaveProperty("x-engine-fault");
    expect(r.value.note).toMatch(/cut after 6 events/);

    const off = planNextRequest({ settings: settings(), target: "m", history: [], input });
    expect(off.ok && off.value.headers).toBeUndefined();
    const gemini = planNextRequest({ settings: settings({ backend: "gemini", dropAfterEvents: "6" }), target: "gemini-3.5-flash", history: [], input });
    expect(gemini.ok && gemini.value.headers).toBeUndefined();
    expect(gemini.ok && gemini.value.note).toBeNull();

    const bad = planNextRequest({ settings: settings({ dropAfterEvents: "0" }), target: "m", history: [], input });
    expect(bad).toEqual({ ok: false, error: expect.stringMatching(/Drop stream after N events/) });
  });
});
