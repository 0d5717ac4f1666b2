import { describe, expect, it } from "vitest";
import type { TurnView } from "@/lib/client/turn-model";
import { planAutoAnswer, trailingAutoRounds } from "./auto-answer";
import { DEFAULT_MOCK, type FunctionDraft } from "./types";

const turn = (p: Partial<TurnView>): TurnView => ({ key: "k", interactionId: "v1_1", status: "completed", inputSteps: [], steps: [], running: false, ...p }) as TurnView;
const call = (id: string, name = "get_weather") => ({ type: "function_call", id, name, arguments: {} });
const result = (id: string) => ({ type: "function_result", call_id: id, name: "get_weather", result: {} });
const fn = (mode: FunctionDraft["mock"]["mode"]): FunctionDraft => ({ id: "f", name: "get_weather", description: "", parametersJson: "", mock: { ...DEFAULT_MOCK, mode } });
const waiting = (id: string, input: object[] = []) => turn({ status: "requires_action", steps: [call(id)], inputSteps: input as TurnView["inputSteps"] });

describe("auto-answer planning", () => {
  it("answers pending calls of mocked functions", () => {
    const p = planAutoAnswer([waiting("c1")], { functions: [fn("js")], auto: { enabled: true, loopLimit: 3 } }, new Set());
    expect(p).toMatchObject({ kind: "answer", round: 1, calls: [{ call: { id: "c1" } }] });
  });

  it("does nothing when off, running or not waiting", () => {
    const d = { functions: [fn("js")], auto: { enabled: true, loopLimit: 3 } };
    expect(planAutoAnswer([waiting("c1")], { ...d, auto: { enabled: false, loopLimit: 3 } }, new Set()).kind).toBe("idle");
    expect(planAutoAnswer([{ ...waiting("c1"), running: true }], d, new Set()).kind).toBe("idle");
    expect(planAutoAnswer([turn({})], d, new Set()).kind).toBe("idle");
  });

  it("pauses on manual or unknown functions", () => {
    expect(planAutoAnswer([waiting("c1")], { functions: [fn("manual")], auto: { enabled: true, loopLimit: 3 } }, new Set())).toEqual({ kind: "blocked", reason: expect.stringContaining("answered by hand") });
    expect(planAutoAnswer([waiting("c1")], { functions: [], auto: { enabled: true, loopLimit: 3 } }, new Set())).toEqual({ kind: "blocked", reason: expect.stringContaining("not a configured function") });
  });

  it("stops at the loop limit of unattended rounds", () => {
    const turns = [waiting("c1"), waiting("c2", [result("c1")]), waiting("c3", [result("c2")])];
    const mocked = new Set(["c1", "c2"]);
    expect(trailingAutoRounds(turns, mocked)).toBe(2);
    expect(planAutoAnswer(turns, { functions: [fn("fixed")], auto: { enabled: true, loopLimit: 3 } }, mocked)).toMatchObject({ kind: "answer", round: 3 });
    expect(planAutoAnswer(turns, { functions: [fn("fixed")], auto: { enabled: true, loopLimit: 2 } }, mocked)).toEqual({ kind: "blocked", reason: expect.stringContaining("loop limit 2") });
    // A result the user typed by hand resets the count.
    expect(trailingAutoRounds(turns, new Set(["c2"]))).toBe(1);
  });
});
