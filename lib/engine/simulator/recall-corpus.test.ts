// The recall corpus (recall-corpus.ts) on the simulator: each statement, then — in a later turn —
// its question, answered from the conversation; the same from the system instruction where marked.
// The acknowledgement of each statement reads as a sentence ("I'll remember this: it." never).
import { describe, expect, it } from "vitest";
import { RECALL_CORPUS } from "./recall-corpus";
import { simulate, user } from "./test-support";

describe("recall corpus", () => {
  it("has at least 50 pairs", () => expect(RECALL_CORPUS.length).toBeGreaterThanOrEqual(50));

  it.each(RECALL_CORPUS.map((p) => [p.say, p.ask, p] as const))("%s → %s", async (_say, _ask, p) => {
    const first = await simulate({ input: [user(p.say)] });
    expect(first.text).not.toMatch(/\b(?:this|that):\s*(?:it|this|that)\b|remember this: it/i);
    expect(first.text).not.toMatch(/can't answer|no way to answer/);
    const later = await simulate({ history: [user(p.say), ...first.steps], input: [user(p.ask)] });
    expect(later.text).toContain(p.expect);
    expect(later.text).not.toMatch(/haven't told me|can't answer|no way to answer/);
    if (p.system) {
      const sys = await simulate({ system_instruction: p.system, input: [user(p.ask)] });
      expect(sys.text).toContain(p.expect);
    }
  });
});
