import { describe, expect, it } from "vitest";
import type { SessionDetail, Turn } from "@/lib/contract/app-api";
import { exportFileName, sessionToMarkdown } from "./export-markdown";

function turn(over: Partial<Turn>): Turn {
  return {
    interaction_id: "int_1",
    session_id: "s_1",
    backend: "local",
    api_version: "v1beta",
    request: {},
    interaction: null,
    status: "completed",
    stream: true,
    background: false,
    store: true,
    created_ms: Date.UTC(2026, 0, 2, 3, 4, 5),
    first_event_ms: null,
    completed_ms: null,
    terminal: true,
    last_event_id: null,
    event_count: 0,
    http_status: 200,
    error: null,
    deleted_upstream: false,
    ...over,
  };
}

const detail: SessionDetail = {
  session: { id: "s_1", title: "Weather in Lisbon", created: 1, updated: 2, turn_count: 2 },
  turns: [
    turn({
      interaction_id: "int_aaa",
      model: "gemini-3.5-flash",
      status: "requires_action",
      request: { model: "gemini-3.5-flash", input: [{ type: "user_input", content: [{ type: "text", text: "Weather in Lisbon?" }] }], stream: true },
      interaction: {
        id: "int_aaa",
        status: "requires_action",
        model: "gemini-3.5-flash",
        usage: { total_input_tokens: 12, total_output_tokens: 7, total_tokens: 19 },
        steps: [
          { type: "thought", summary: [{ type: "text", text: "Need the weather tool." }] },
          { type: "function_call", id: "call_1", name: "get_weather", arguments: { city: "Lisbon" } },
        ],
      },
    }),
    turn({
      interaction_id: "int_bbb",
      model: "gemini-3.5-flash",
      previous_interaction_id: "int_aaa",
      stream: false,
      request: {
        model: "gemini-3.5-flash",
        previous_interaction_id: "int_aaa",
        input: [{ type: "function_result", call_id: "call_1", name: "get_weather", result: { temp_c: 21 } }],
      },
      interaction: {
        id: "int_bbb",
        status: "completed",
        usage: { total_input_tokens: 30, total_output_tokens: 9, total_tokens: 39 },
        steps: [{ type: "model_output", content: [{ type: "text", text: "It is 21 °C with ```fences``` inside." }] }],
      },
    }),
  ],
};

describe("sessionToMarkdown", () => {
  const md = sessionToMarkdown(detail, "s_1");

  it("titles the transcript and heads each turn with id, status, model and usage", () => {
    expect(md.startsWith("# Weather in Lisbon\n\nSession `s_1` · 2 turns · exported ")).toBe(true);
    expect(md).toContain("## Turn 1 — `int_aaa`\n\n- Status: requires_action\n- Model: gemini-3.5-flash\n- Usage: 12 in, 7 out, 19 total\n- Backend: local (v1beta), streamed\n- Created: 2026-01-02T03:04:05.000Z");
    expect(md).toContain("## Turn 2 — `int_bbb`\n\n- Status: completed\n- Model: gemini-3.5-flash\n- Usage: 30 in, 9 out, 39 total");
    expect(md).toContain("- Previous interaction: `int_aaa`");
    expect(md.indexOf("## Turn 1")).toBeLessThan(md.indexOf("## Turn 2"));
  });

  it("renders user text, thoughts, model text and function calls/results as fenced JSON", () => {
    expect(md).toContain("**User:**\n\nWeather in Lisbon?");
    expect(md).toContain("**Thought summary:**\n\n> Need the weather tool.");
    expect(md).toContain('**Function call** `get_weather` (id `call_1`):\n\n```json\n{\n  "city": "Lisbon"\n}\n```');
    expect(md).toContain('**Function result** `get_weather` (call_id `call_1`):\n\n```json\n{\n  "temp_c": 21\n}\n```');
    // Prose is not fenced: backticks in it stay as written.
    expect(md).toContain("**Model:**\n\nIt is 21 °C with ```fences``` inside.");
  });

  it("shows only the new input of a store-off turn, notes errors and attachments", () => {
    const t = turn({
      interaction_id: "int_ccc",
      status: "failed",
      store: false,
      agent: "local-sim-agent",
      error: { code: "invalid_argument", message: "bad" },
      request: {
        input: [
          { type: "user_input", content: [{ type: "text", text: "OLD QUESTION" }] },
          { type: "model_output", content: [{ type: "text", text: "OLD ANSWER" }] },
          { type: "user_input", content: [{ type: "text", text: "New one" }, { type: "image", mime_type: "image/png", data: "AAAA" }] },
        ],
      },
    });
    const out = sessionToMarkdown({ session: null, turns: [t] }, "s_9");
    expect(out.startsWith("# Untitled session\n\nSession `s_9` · 1 turn")).toBe(true);
    expect(out).toContain("- Agent: local-sim-agent");
    expect(out).toContain("- Usage: —");
    expect(out).toContain(", store off");
    expect(out).toContain("- Re-sent 2 earlier steps as the transcript");
    expect(out).toContain("- Error: invalid_argument: bad");
    expect(out).toContain("**User:**\n\nNew one\n\n*[image image/png, 3 bytes]*");
    expect(out).not.toContain("OLD QUESTION");
  });

  it("lengthens a JSON fence that would be closed by the payload", () => {
    const t = turn({
      request: {},
      interaction: { id: "int_1", status: "completed", steps: [{ type: "function_call", id: "c", name: "f", arguments: { s: "```" } }] },
    });
    expect(sessionToMarkdown({ session: null, turns: [t] }, "s")).toContain('````json\n{\n  "s": "```"\n}\n````');
  });
});

describe("exportFileName", () => {
  it("names the file after the session id", () => {
    expect(exportFileName("s_1", "json")).toBe("session-s_1.json");
    expect(exportFileName("a/b c", "md")).toBe("session-a_b_c.md");
  });
});
