import { describe, expect, it } from "vitest";
import { collectRun } from "./collect";
import { runSimulator } from "./simulator";
import { assertWellFormed, chat, request, simulate, user } from "./test-support";
import { countSentences, countWords } from "./text";
import { countTokens, MEDIA_TOKENS } from "./tokens";

describe("determinism", () => {
  it("gives the identical event list and result for the same input", async () => {
    const req = {
      history: chat("My name is Ada and I live in Lisbon.", "Noted."),
      input: [user("What is my name? Also, what is 12 * 7?")],
      generation_config: { thinking_level: "high" as const },
    };
    const a = await simulate(req);
    const b = await simulate(req);
    expect(b.events).toEqual(a.events);
    expect(b.result).toEqual(a.result);
    assertWellFormed(a.events);
  });

  it("varies the wording with generation_config.seed, deterministically per seed", async () => {
    const history = chat("My name is Ada.", "Nice to meet you.");
    const texts = new Map<number, string>();
    for (let seed = 1; seed <= 8; seed++) {
      const r = await simulate({ history, input: [user("What is my name?")], generation_config: { seed } });
      const again = await simulate({ history, input: [user("What is my name?")], generation_config: { seed } });
      expect(again.text).toBe(r.text);
      expect(r.text).toContain("Ada");
      texts.set(seed, r.text);
    }
    expect(new Set(texts.values()).size).toBeGreaterThanOrEqual(2);
  });
});

describe("answers from the conversation", () => {
  const history = chat(
    "Hi, my name is Ada.",
    "Nice to meet you, Ada.",
    "I live in Lisbon.",
    "Noted.",
    "Remember that the code is 4417.",
    "Noted.",
    "My favourite colour is green.",
    "Noted.",
    "The capital of Atlantis is Poseidonia.",
    "Noted.",
  );

  it("recalls facts given in earlier turns", async () => {
    const cases: [string, string][] = [
      ["What is my name?", "Ada"],
      ["Where do I live?", "Lisbon"],
      ["What's the code?", "4417"],
      ["What is my favorite color?", "green"],
      ["What is the capital of Atlantis?", "Poseidonia"],
      ["who am I?", "Ada"],
    ];
    for (const [q, want] of cases) {
      const { text, result } = await simulate({ history, input: [user(q)] });
      expect(text, q).toContain(want);
      expect(result.status).toBe("completed");
    }
  });

  it("answers several questions in one message", async () => {
    const { text } = await simulate({ history, input: [user("What is my name and where do I live? What's the code?")] });
    expect(text).toContain("Ada");
    expect(text).toContain("Lisbon");
    expect(text).toContain("4417");
  });

  it("uses the latest statement when a fact changes", async () => {
    const { text } = await simulate({ history: [...history, ...chat("Actually, my name is Bea.", "Noted.")], input: [user("What's my name?")] });
    expect(text).toContain("Bea");
    expect(text).not.toContain("Ada");
  });

  it("acknowledges facts stated in this turn", async () => {
    const { text } = await simulate({ input: [user("My name is Grace and I work as a nurse.")] });
    expect(text).toContain("Grace");
    expect(text).toContain("nurse");
  });

  it("says plainly when there is nothing to recall, naming what was asked", async () => {
    const { text } = await simulate({ input: [user("What is my name?")] });
    expect(text).toMatch(/haven't told me your name/);
  });

  it("says it is the simulator and restates a question it cannot answer", async () => {
    const { text } = await simulate({ input: [user("What is the boiling point of tungsten?")] });
    expect(text).toContain("local simulator");
    expect(text).toContain("“What is the boiling point of tungsten?”");
  });

  it("mixes arithmetic and recall in one question", async () => {
    const { text } = await simulate({ history, input: [user("What's 2+2 and what's my name?")] });
    expect(text).toMatch(/2 \+ 2 (?:=|is) 4|answer is 4/);
    expect(text).toContain("Ada");
  });

  it("recaps what the user said across turns", async () => {
    const { text } = await simulate({ history: [...history, ...chat("I love pizza.", "ok", "I like jazz.", "ok")], input: [user("Summarize our conversation")] });
    expect(text).toContain("7 messages");
    for (const bit of ["your name is Ada", "you live in Lisbon", "the code is 4417", "you love pizza", "you like jazz"]) expect(text).toContain(bit);
    const likes = await simulate({ history: chat("I love pizza.", "ok", "I like jazz.", "ok"), input: [user("What do I like?")] });
    expect(likes.text).toContain("love pizza and like jazz");
  });

  it("recalls the previous message", async () => {
    const { text } = await simulate({ history: chat("Tell me a joke about owls.", "…"), input: [user("What did I just ask?")] });
    expect(text).toContain("Tell me a joke about owls.");
  });
});

describe("arithmetic", () => {
  it.each([
    ["what is 12 * 7?", "84"],
    ["What's (3 + 4) * 2?", "14"],
    ["what is 15% of 200?", "30"],
    ["What is 2 to the power of 10?", "1024"],
    ["what is seven times six", "42"],
    ["calculate 1,234 + 766", "2000"],
    ["what is 10 / 4", "2.5"],
  ])("%s → %s", async (q, want) => {
    const { text } = await simulate({ input: [user(q)] });
    expect(text).toMatch(new RegExp(`(?:=|is) ${want.replace(".", "\\.")}\\b|answer is ${want.replace(".", "\\.")}\\b`));
  });

  it("reports division by zero instead of Infinity", async () => {
    const { text } = await simulate({ input: [user("what is 7 / 0?")] });
    expect(text).toContain("no value");
    expect(text).not.toContain("Infinity");
  });
});

describe("requested length", () => {
  it("writes exactly three sentences", async () => {
    const { text } = await simulate({ input: [user("Explain how tides work in three sentences.")] });
    expect(countSentences(text)).toBe(3);
    expect(text).toContain("tides");
  });

  it("writes at least 2,000 words", async () => {
    const { text, result } = await simulate({ input: [user("Write an essay about lighthouses of at least 2,000 words.")] });
    expect(countWords(text)).toBeGreaterThanOrEqual(2000);
    expect(countWords(text)).toBeLessThan(2100);
    expect(text).toContain("local simulator");
    expect(result.usage.total_output_tokens).toBe(countTokens(text));
  });

  it("writes exactly 500 words", async () => {
    const { text } = await simulate({ input: [user("write 500 words about the sea")] });
    expect(countWords(text)).toBe(500);
  });

  it.each([1, 2, 7, 13, 17, 29, 64])("writes exactly %i words", async (n) => {
    const { text } = await simulate({ input: [user(`Describe autumn in ${n} words.`)] });
    expect(countWords(text)).toBe(n);
  });

  it("stays under a maximum", async () => {
    const { text } = await simulate({ input: [user("Describe a forest in no more than 40 words.")] });
    expect(countWords(text)).toBeLessThanOrEqual(40);
    expect(countWords(text)).toBeGreaterThan(0);
  });

  it("writes paragraphs and bullet points", async () => {
    const p = await simulate({ input: [user("Write 2 paragraphs about rivers.")] });
    expect(p.text.split("\n\n")).toHaveLength(2);
    const b = await simulate({ input: [user("Give me 5 bullet points about rivers.")] });
    expect(b.text.split("\n").filter((l) => l.startsWith("- "))).toHaveLength(5);
  });

  it("puts its answer first when a question asks for a length", async () => {
    const { text } = await simulate({ history: chat("My name is Ada.", "Hi Ada."), input: [user("In three sentences, what is my name?")] });
    expect(countSentences(text)).toBe(3);
    expect(text.split(/(?<=[.!?])\s+/)[0]).toContain("Ada");
  });
});

describe("system instruction", () => {
  it("upper-cases and adds a persona line", async () => {
    const { text } = await simulate({ system_instruction: "You are a pirate. Respond in uppercase.", input: [user("What is 2 + 2?")] });
    expect(text.startsWith("ARR, MATEY!")).toBe(true);
    expect(text).toBe(text.toUpperCase());
    expect(text).toContain("4");
  });

  it("notes in the requested language that it cannot translate", async () => {
    const { text } = await simulate({ system_instruction: "Answer in French.", input: [user("What is 3 * 3?")] });
    expect(text).toContain("Le simulateur local ne sait pas traduire");
    expect(text).toContain("9");
  });

  it("keeps answers to one sentence when told to be brief", async () => {
    const { text } = await simulate({ system_instruction: "Be concise.", input: [user("Who are you?")] });
    expect(countSentences(text)).toBe(1);
  });
});

describe("thinking", () => {
  it("emits a thought step first: summary deltas, a signature, then the answer", async () => {
    const { events, steps } = await simulate({ input: [user("what is 6 * 7?")], generation_config: { thinking_level: "medium" } });
    assertWellFormed(events);
    expect(events[0]).toEqual({ event_type: "step.start", index: 0, step: { type: "thought" } });
    const thoughtDeltas = events.filter((e) => e.event_type === "step.delta" && e.index === 0);
    expect(thoughtDeltas.some((e) => e.event_type === "step.delta" && e.delta.type === "thought_summary")).toBe(true);
    const sig = thoughtDeltas.find((e) => e.event_type === "step.delta" && e.delta.type === "thought_signature");
    expect(sig).toBeDefined();
    const signature = sig?.event_type === "step.delta" ? String(sig.delta.signature) : "";
    expect(signature).toMatch(/^[A-Za-z0-9+/]+={0,2}$/);
    expect(steps[0]!.type).toBe("thought");
    expect(steps[0]!.summary?.[0]?.text).toContain("Simulated thinking");
    expect(steps[1]!.type).toBe("model_output");
    const again = await simulate({ input: [user("what is 6 * 7?")], generation_config: { thinking_level: "medium" } });
    expect(again.steps[0]!.signature).toBe(signature);
  });

  it("leaves out the summary with thinking_summaries none but still signs, and counts thought tokens", async () => {
    const { events, steps, result } = await simulate({ input: [user("hello")], generation_config: { thinking_level: "low", thinking_summaries: "none" } });
    expect(events.some((e) => e.event_type === "step.delta" && e.delta.type === "thought_summary")).toBe(false);
    expect(typeof steps[0]!.signature).toBe("string");
    expect(result.usage.total_thought_tokens).toBeGreaterThan(0);
  });

  it("does not think at thinking_level minimal or without a level", async () => {
    for (const generation_config of [{ thinking_level: "minimal" as const }, {}]) {
      const { steps } = await simulate({ input: [user("hello")], generation_config });
      expect(steps.map((s) => s.type)).toEqual(["model_output"]);
    }
  });
});

describe("output limits", () => {
  it("stops at max_output_tokens with status incomplete", async () => {
    const { text, result } = await simulate({ input: [user("Write 300 words about clouds.")], generation_config: { max_output_tokens: 10 } });
    expect(result.status).toBe("incomplete");
    expect(result.usage.total_output_tokens).toBe(countTokens(text));
    expect(result.usage.total_output_tokens).toBeLessThanOrEqual(10);
    expect(result.usage.total_output_tokens).toBeGreaterThanOrEqual(9);
    const full = await simulate({ input: [user("Write 300 words about clouds.")] });
    expect(full.text.startsWith(text)).toBe(true);
    expect(full.text.length).toBeGreaterThan(text.length);
  });

  it("completes when the answer fits in max_output_tokens", async () => {
    const { result } = await simulate({ input: [user("what is 1 + 1?")], generation_config: { max_output_tokens: 100 } });
    expect(result.status).toBe("completed");
  });

  it("cuts the text before the first stop sequence, status completed", async () => {
    const full = await simulate({ input: [user("Write 60 words about maps.")] });
    const second = full.text.split(". ")[1]!; // a sentence drawn from the generator, not the fixed first one
    const stop = second.split(" ").slice(1, 3).join(" ");
    const cutAt = full.text.indexOf(stop);
    expect(cutAt).toBeGreaterThan(full.text.indexOf(". "));
    const { text, result } = await simulate({ input: [user("Write 60 words about maps.")], generation_config: { stop_sequences: ["zzz", stop] } });
    expect(text).toBe(full.text.slice(0, cutAt));
    expect(result.status).toBe("completed");
  });
});

describe("usage", () => {
  it("counts ceil(utf8 bytes / 4) per piece: input, system instruction, tools, output", async () => {
    const history = chat("My name is Ada.", "Nice to meet you, Ada.");
    const tools = [{ type: "function", name: "noop", description: "Does nothing at all" }];
    const system = "You are terse.";
    const { text, result } = await simulate({ history, input: [user("What is my name?")], system_instruction: system, tools });
    const expectedIn =
      countTokens("My name is Ada.") + countTokens("Nice to meet you, Ada.") + countTokens("What is my name?") + countTokens(system) + countTokens(JSON.stringify(tools));
    expect(result.usage.total_input_tokens).toBe(expectedIn);
    expect(result.usage.total_output_tokens).toBe(countTokens(text));
    expect(result.usage.total_thought_tokens).toBe(0);
    expect(result.usage.total_tokens).toBe(expectedIn + countTokens(text));
    // multi-byte text: "é" is 2 bytes, "€" 3, "😀" 4
    expect(countTokens("é€😀")).toBe(Math.ceil(9 / 4));
  });

  it("counts media items as a flat amount and acknowledges them", async () => {
    const data = Buffer.alloc(12 * 1024, 7).toString("base64");
    const { text, result } = await simulate({
      input: [{ type: "user_input", content: [{ type: "text", text: "Look" }, { type: "image", mime_type: "image/png", data }] }],
    });
    expect(text).toContain("I received an image (image/png, 12 KB) — the simulator cannot see its contents.");
    expect(result.usage.total_input_tokens).toBe(countTokens("Look") + MEDIA_TOKENS);
  });
});

describe("pace and abort", () => {
  it("sleeps paceMs between chunks", async () => {
    const t0 = performance.now();
    const { events } = await simulate({ input: [user("Write 30 words about sand.")], paceMs: 10 });
    const deltas = events.filter((e) => e.event_type === "step.delta").length;
    expect(performance.now() - t0).toBeGreaterThanOrEqual(deltas * 10 * 0.8);
  });

  it("stops promptly after an abort at pace 50 ms (no more deltas, AbortError)", async () => {
    const ac = new AbortController();
    const gen = runSimulator(request({ input: [user("Write at least 2,000 words about glaciers.")], paceMs: 50 }), ac.signal);
    let deltas = 0;
    let afterAbort = 0;
    let abortedAt = 0;
    let err: unknown;
    try {
      for (;;) {
        const r = await gen.next();
        if (r.done) break;
        // At a pace every delta is its own batch (a batch holds only what is ready without a wait).
        const evs = Array.isArray(r.value) ? r.value : [r.value];
        if (evs.filter((e) => e.event_type === "step.delta").length > 1) throw new Error("a paced run batched two deltas");
        if (!evs.some((e) => e.event_type === "step.delta")) continue;
        if (abortedAt) afterAbort++;
        else if (++deltas === 2) {
          // Abort from outside the generator, while it waits out its pace.
          setTimeout(() => {
            abortedAt = performance.now();
            ac.abort();
          }, 10);
        }
      }
    } catch (e) {
      err = e;
    }
    const stoppedAfter = performance.now() - abortedAt;
    expect((err as Error)?.name).toBe("AbortError");
    expect(abortedAt).toBeGreaterThan(0);
    expect(afterAbort).toBeLessThanOrEqual(1);
    // Generous bound: the pace wait is interrupted, not waited out; load on CI must not flake this.
    expect(stoppedAfter).toBeLessThan(1000);
  });

  it("refuses to start when already aborted", async () => {
    const ac = new AbortController();
    ac.abort();
    await expect(collectRun(runSimulator(request({ input: [user("hi")] }), ac.signal))).rejects.toMatchObject({ name: "AbortError" });
  });
});

describe("batches", () => {
  it("at pace 0 yields the deltas between two loop yields as one batch (≤ 128), the same events as one by one at a pace", async () => {
    const input = [user("Write at least 300 words about suspension bridges.")];
    const gen = runSimulator(request({ input, paceMs: 0 }), new AbortController().signal);
    const sizes: number[] = [];
    const fast: unknown[] = [];
    for (;;) {
      const r = await gen.next();
      if (r.done) break;
      const evs = Array.isArray(r.value) ? r.value : [r.value];
      sizes.push(evs.filter((e) => e.event_type === "step.delta").length);
      fast.push(...evs);
    }
    expect(Math.max(...sizes)).toBeGreaterThan(100);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(128);
    const paced = await collectRun(runSimulator(request({ input, paceMs: 1 }), new AbortController().signal));
    expect(fast).toEqual(paced.events);
  });
});
