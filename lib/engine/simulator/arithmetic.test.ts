import { describe, expect, it } from "vitest";
import { evaluateExpression, findArithmetic, formatNumber } from "./arithmetic";

describe("evaluateExpression", () => {
  it.each([
    ["1 + 2 * 3", 7],
    ["(1 + 2) * 3", 9],
    ["2 ^ 3 ^ 2", 512],
    ["2 ** 10", 1024],
    ["-3 + 5", 2],
    ["10 % 4", 2],
    ["sqrt(81) + 1", 10],
    ["7 / 2", 3.5],
    ["-(2 + 3) * -2", 10],
  ])("%s = %d", (expr, value) => {
    expect(evaluateExpression(expr)?.value).toBe(value);
  });

  it.each(["1 +", "(1 + 2", "1 2", "abc", "", "1 + + * 2"])("rejects %j", (expr) => {
    expect(evaluateExpression(expr)).toBeNull();
  });

  it("flags division by zero", () => {
    expect(evaluateExpression("1 / 0")?.error).toMatch(/division by zero/);
  });
});

describe("findArithmetic", () => {
  it("needs a request to calculate in strict mode", () => {
    expect(findArithmetic("My flight is 2026-01-01 and my code is 12-7")).toBeNull();
    expect(findArithmetic("what is 12-7?")?.value).toBe(5);
    expect(findArithmetic("12 * 7")?.value).toBe(84);
    expect(findArithmetic("Research bridges and compute 1410 + 1280 + 1991", { lenient: true })?.value).toBe(4681);
  });

  it("reads words", () => {
    expect(findArithmetic("what is twenty-one divided by three?")?.value).toBe(7);
    expect(findArithmetic("what's the square root of 144?")?.value).toBe(12);
    expect(findArithmetic("what is 5 squared minus 1")?.value).toBe(24);
    expect(findArithmetic("how much is 3 x 4?")?.value).toBe(12);
  });

  it("formats results without float noise", () => {
    expect(formatNumber(0.1 + 0.2)).toBe("0.3");
    expect(formatNumber(-0)).toBe("0");
    expect(formatNumber(1e21)).toBe("1e+21");
  });
});
