import Ajv from "ajv";
import { describe, expect, it } from "vitest";
import type { FunctionTool } from "@/lib/engine/model/types";
import { assertWellFormed, chat, simulate, user } from "./test-support";
import { countTokens } from "./tokens";

const ajv = new Ajv({ strict: false, validateFormats: false });
/** An independent validator: the declared schema as written, compiled by a fresh ajv. */
function validates(schema: unknown, value: unknown): boolean {
  const ok = ajv.validate(schema as object, value) as boolean;
  if (!ok) console.error(ajv.errorsText(), JSON.stringify(value));
  return ok;
}

const weather: FunctionTool = {
  type: "function",
  name: "get_weather",
  description: "Get the current weather for a city.",
  parameters: {
    type: "object",
    properties: {
      city: { type: "string", description: "City name" },
      unit: { type: "string", enum: ["celsius", "fahrenheit"] },
      days: { type: "integer", minimum: 1, maximum: 7 },
    },
    required: ["city", "unit"],
  },
};

const flight: FunctionTool = {
  type: "function",
  name: "book_flight",
  description: "Book a flight between two airports",
  parameters: {
    type: "object",
    properties: {
      origin: { type: "string" },
      destination: { type: "string" },
      date: { type: "string", format: "date" },
      passengers: { type: "integer", minimum: 1, maximum: 9 },
      class: { type: "string", enum: ["economy", "business", "first"] },
      refundable: { type: "boolean" },
    },
    required: ["origin", "destination", "passengers", "class"],
  },
};

const email: FunctionTool = {
  type: "function",
  name: "send_email",
  description: "Send an email message to a recipient",
  parameters: {
    type: "object",
    properties: {
      to: { type: "string", format: "email" },
      subject: { type: "string", maxLength: 40 },
      body: { type: "string", minLength: 5 },
      cc: { type: "array", items: { type: "string" }, maxItems: 3 },
    },
    required: ["to", "subject", "body"],
  },
};

const adder: FunctionTool = {
  type: "function",
  name: "add_numbers",
  description: "Add two numbers together",
  parameters: { type: "object", properties: { a: { type: "number" }, b: { type: "number" } }, required: ["a", "b"] },
};

const reminder: FunctionTool = {
  type: "function",
  name: "create_reminder",
  description: "Create a reminder with tags and an optional priority",
  parameters: {
    type: "object",
    properties: {
      reminder: {
        type: "object",
        properties: {
          text: { type: "string" },
          tags: { type: "array", items: { type: "string", enum: ["work", "home", "health"] }, minItems: 1, uniqueItems: true },
          priority: { type: "integer", minimum: 1, maximum: 5, nullable: true },
          when: { anyOf: [{ type: "string" }, { type: "null" }] },
        },
        required: ["text", "tags", "priority"],
      },
    },
    required: ["reminder"],
  },
};

const stockPrice: FunctionTool = {
  type: "function",
  name: "get_stock_price",
  description: "Look up the latest stock price for a ticker symbol",
  parameters: { type: "object", properties: { ticker: { type: "string" } }, required: ["ticker"] },
};

async function callsFor(input: string, tools: FunctionTool[], extra: Record<string, unknown> = {}) {
  const r = await simulate({ input: [user(input)], tools, ...extra });
  assertWellFormed(r.events);
  return { ...r, calls: r.steps.filter((s) => s.type === "function_call") };
}

describe("function calls", () => {
  it("streams a function_call step: header with empty arguments, JSON fragments, stop; ends requires_action", async () => {
    const { events, calls, result, text } = await callsFor("What's the weather like in Paris in fahrenheit?", [weather]);
    expect(result.status).toBe("requires_action");
    expect(text).toBe("");
    expect(calls).toHaveLength(1);
    const start = events[0]!;
    expect(start.event_type).toBe("step.start");
    const header = (start as { step: Record<string, unknown> }).step;
    expect(header).toMatchObject({ type: "function_call", name: "get_weather", arguments: {} });
    expect(header.id).toMatch(/^call_[a-z0-9]+$/);
    const frags = events.flatMap((e) => (e.event_type === "step.delta" ? [{ type: e.delta.type, arguments: String(e.delta.arguments) }] : []));
    expect(frags.length).toBeGreaterThan(1);
    expect(frags.every((f) => f.type === "arguments_delta")).toBe(true);
    const args = JSON.parse(frags.map((f) => f.arguments).join(""));
    expect(args).toEqual(calls[0]!.arguments);
    expect(args).toMatchObject({ city: "Paris", unit: "fahrenheit" });
    expect(validates(weather.parameters, args)).toBe(true);
    expect(result.usage.total_output_tokens).toBe(countTokens(JSON.stringify(args)));
  });

  it("fills arguments that validate against several schemas, taking values from the input", async () => {
    const f = await callsFor("Book a flight from Lisbon to Berlin for 2 passengers in business class on 2026-07-01.", [flight]);
    expect(f.calls[0]!.arguments).toMatchObject({ origin: "Lisbon", destination: "Berlin", passengers: 2, class: "business", date: "2026-07-01" });
    expect(validates(flight.parameters, f.calls[0]!.arguments)).toBe(true);

    const e = await callsFor('Send an email to ada@example.com with the subject "Lunch plans for the whole team this coming Friday" saying hi.', [email]);
    const ea = e.calls[0]!.arguments as Record<string, string>;
    expect(ea.to).toBe("ada@example.com");
    expect([...ea.subject!].length).toBeLessThanOrEqual(40);
    expect(validates(email.parameters, ea)).toBe(true);

    const a = await callsFor("Please add numbers 17 and 25", [adder]);
    expect(a.calls[0]!.arguments).toEqual({ a: 17, b: 25 });

    const r = await callsFor("Create a reminder to book the dentist, tag it health", [reminder]);
    const rem = (r.calls[0]!.arguments as { reminder: { tags: string[] } }).reminder;
    expect(rem.tags).toContain("health");
    expect(validates(reminder.parameters, r.calls[0]!.arguments)).toBe(true);

    const s = await callsFor("What's the stock price of GOOG today?", [stockPrice]);
    expect(validates(stockPrice.parameters, s.calls[0]!.arguments)).toBe(true);
  });

  it("does not call a tool when the input has nothing to do with it", async () => {
    const { calls, result, text } = await callsFor("What is 2 + 2?", [weather, flight]);
    expect(calls).toHaveLength(0);
    expect(result.status).toBe("completed");
    expect(text).toContain("4");
  });

  it("emits parallel calls when the input asks for two tools, and one call per place", async () => {
    const two = await callsFor("What's the weather in Rome, and book a flight from Rome to Oslo for 1 passenger", [weather, flight]);
    expect(two.calls.map((c) => c.name)).toEqual(["get_weather", "book_flight"]);
    const ids = two.calls.map((c) => c.id);
    expect(new Set(ids).size).toBe(2);
    const perPlace = await callsFor("Compare the weather in Paris and London", [weather]);
    expect(perPlace.calls.map((c) => (c.arguments as { city: string }).city)).toEqual(["Paris", "London"]);
    for (const c of [...two.calls, ...perPlace.calls]) expect(validates(c.name === "get_weather" ? weather.parameters : flight.parameters, c.arguments)).toBe(true);
  });

  it("honours tool_choice: none forbids, any and allowed_tools demand", async () => {
    const none = await callsFor("What's the weather in Paris?", [weather], { generation_config: { tool_choice: "none" } });
    expect(none.calls).toHaveLength(0);
    const any = await callsFor("Tell me something nice.", [weather, adder], { generation_config: { tool_choice: "any" } });
    expect(any.calls).toHaveLength(1);
    expect(any.result.status).toBe("requires_action");
    const allowed = await callsFor("Tell me something nice.", [weather, adder], {
      generation_config: { tool_choice: { allowed_tools: { mode: "any", tools: ["add_numbers"] } } },
    });
    expect(allowed.calls.map((c) => c.name)).toEqual(["add_numbers"]);
    expect(validates(adder.parameters, allowed.calls[0]!.arguments)).toBe(true);
    const restricted = await callsFor("What's the weather in Paris?", [weather, adder], {
      generation_config: { tool_choice: { allowed_tools: { mode: "auto", tools: ["add_numbers"] } } },
    });
    expect(restricted.calls).toHaveLength(0);
  });

  it("uses the function_result in the next answer", async () => {
    const first = await callsFor("What's the weather in Paris?", [weather]);
    const call = first.calls[0]!;
    const history = [user("What's the weather in Paris?"), ...first.steps];
    const second = await simulate({
      history,
      input: [{ type: "function_result", call_id: call.id, name: "get_weather", result: { temperature: 21, sky: "sunny" } }],
      tools: [weather],
      generation_config: { tool_choice: "any" },
    });
    expect(second.result.status).toBe("completed");
    expect(second.text).toContain('The get_weather tool returned: {"temperature":21,"sky":"sunny"}');
    expect(second.text).toContain("What's the weather in Paris?");
    const err = await simulate({ history, input: [{ type: "function_result", call_id: call.id, name: "get_weather", result: "timeout", is_error: true }] });
    expect(err.text).toContain("The get_weather tool reported an error: timeout");
  });

  it("draws argument values from earlier turns when the input lacks them", async () => {
    const { calls } = await simulate({
      history: chat("I live in Porto.", "Noted."),
      input: [user("What's the weather like at home? Use the get_weather tool.")],
      tools: [weather],
    }).then((r) => ({ calls: r.steps.filter((s) => s.type === "function_call") }));
    expect((calls[0]!.arguments as { city: string }).city).toBe("Porto");
  });

  it("does not fit a call into a budget that is too small", async () => {
    const { result, calls } = await callsFor("What's the weather in Paris?", [weather], { generation_config: { max_output_tokens: 2 } });
    expect(calls).toHaveLength(0);
    expect(result.status).toBe("incomplete");
  });
});
