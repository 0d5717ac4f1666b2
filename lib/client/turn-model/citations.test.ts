import { describe, expect, it } from "vitest";
import type { Step } from "@/lib/interactions/types";
import { foldFixture, live } from "@/tests/support/turns";
import { byteToCharIndex, stepToMarkdown, withCitations } from "./citations";
import { viewFromLive } from "./view";

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
