import { describe, expect, it } from "vitest";
import { generatedSteps, inputToSteps } from "./input";

describe("inputToSteps", () => {
  it("reads every input form of reference §3", () => {
    const hi = [{ type: "user_input", content: [{ type: "text", text: "Hi" }] }];
    expect(inputToSteps("Hi")).toEqual(hi);
    expect(inputToSteps({ type: "text", text: "Hi" })).toEqual(hi);
    expect(inputToSteps([{ type: "text", text: "a" }, { type: "image", data: "AA==", mime_type: "image/png" }])).toEqual([
      { type: "user_input", content: [{ type: "text", text: "a" }, { type: "image", data: "AA==", mime_type: "image/png" }] },
    ]);
    const fr = { type: "function_result", call_id: "c", name: "f", result: "ok" };
    expect(inputToSteps([fr])).toEqual([fr]);
    expect(inputToSteps(undefined)).toEqual([]);
  });
});

describe("generatedSteps", () => {
  it("drops the input steps a GET puts in front, user_input and function_result alike", () => {
    const out = { type: "model_output", content: [{ type: "text", text: "x" }] };
    expect(generatedSteps([{ type: "function_result", call_id: "c", result: "r" }, out])).toEqual([out]);
    expect(generatedSteps([{ type: "user_input", content: [] }, { type: "thought" }, out])).toEqual([{ type: "thought" }, out]);
    expect(generatedSteps([out])).toEqual([out]);
  });
});
