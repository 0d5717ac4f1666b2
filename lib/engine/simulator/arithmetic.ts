// Arithmetic without eval: finds an expression in a sentence ("what is 12 * 7?", "15% of 200",
// "seven times six", "2 to the power of 10", "square root of 81") and evaluates it with a small
// recursive-descent parser. Operators: + - * / % (modulo) ^ / ** (power), parentheses, sqrt.
import { parseNumberPhrase } from "./text";

export interface Arithmetic {
  /** The expression as the simulator writes it back, e.g. "12 * 7". */
  expr: string;
  value: number;
  /** Set when the expression is well-formed but has no finite value (division by zero). */
  error?: string;
}

type Tok = { k: "num"; v: number; raw: string } | { k: "op"; v: string } | { k: "fn"; v: "sqrt" };

const OPS = new Set(["+", "-", "*", "/", "%", "^", "(", ")"]);

function tokenize(src: string): Tok[] | null {
  const out: Tok[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (/[\d.]/.test(c)) {
      const m = /^\d*\.?\d+(?:e[+-]?\d+)?/i.exec(src.slice(i)) ?? /^\d+\.?/.exec(src.slice(i));
      if (!m) return null;
      out.push({ k: "num", v: Number(m[0]), raw: m[0].replace(/\.$/, "") });
      i += m[0].length;
      continue;
    }
    if (src.startsWith("**", i)) {
      out.push({ k: "op", v: "^" });
      i += 2;
      continue;
    }
    if (src.startsWith("sqrt", i)) {
      out.push({ k: "fn", v: "sqrt" });
      i += 4;
      continue;
    }
    if (OPS.has(c)) {
      out.push({ k: "op", v: c });
      i++;
      continue;
    }
    return null;
  }
  return out;
}

class Parser {
  private i = 0;
  constructor(private readonly toks: Tok[]) {}
  done(): boolean {
    return this.i >= this.toks.length;
  }
  private peekOp(): string | undefined {
    const t = this.toks[this.i];
    return t && t.k === "op" ? t.v : undefined;
  }
  expr(): number {
    let v = this.term();
    for (let op = this.peekOp(); op === "+" || op === "-"; op = this.peekOp()) {
      this.i++;
      const r = this.term();
      v = op === "+" ? v + r : v - r;
    }
    return v;
  }
  private term(): number {
    let v = this.unary();
    for (let op = this.peekOp(); op === "*" || op === "/" || op === "%"; op = this.peekOp()) {
      this.i++;
      const r = this.unary();
      v = op === "*" ? v * r : op === "/" ? v / r : v % r;
    }
    return v;
  }
  private unary(): number {
    const op = this.peekOp();
    if (op === "-" || op === "+") {
      this.i++;
      const v = this.unary();
      return op === "-" ? -v : v;
    }
    return this.power();
  }
  private power(): number {
    const base = this.primary();
    if (this.peekOp() === "^") {
      this.i++;
      const exp = this.unary(); // right-associative
      return Math.pow(base, exp);
    }
    return base;
  }
  private primary(): number {
    const t = this.toks[this.i];
    if (!t) throw new Error("unexpected end");
    if (t.k === "num") {
      this.i++;
      return t.v;
    }
    if (t.k === "fn") {
      this.i++;
      return Math.sqrt(this.power());
    }
    if (t.v === "(") {
      this.i++;
      const v = this.expr();
      if (this.peekOp() !== ")") throw new Error("missing )");
      this.i++;
      return v;
    }
    throw new Error(`unexpected ${t.v}`);
  }
}

function render(toks: Tok[]): string {
  let out = "";
  toks.forEach((t, idx) => {
    const prev = toks[idx - 1];
    if (t.k === "num") out += t.raw;
    else if (t.k === "fn") out += "sqrt ";
    else if (t.v === "(" || t.v === ")") out += t.v;
    else {
      const binary = !!prev && (prev.k === "num" || (prev.k === "op" && prev.v === ")"));
      out += binary ? ` ${t.v} ` : t.v;
    }
  });
  return out.replace(/sqrt \(/g, "sqrt(").trim();
}

export function evaluateExpression(src: string): Arithmetic | null {
  const toks = tokenize(src);
  if (!toks || !toks.length) return null;
  const p = new Parser(toks);
  let value: number;
  try {
    value = p.expr();
  } catch {
    return null;
  }
  if (!p.done()) return null;
  const expr = render(toks);
  if (!Number.isFinite(value)) return { expr, value, error: "it has no finite value (division by zero?)" };
  return { expr, value };
}

export function formatNumber(v: number): string {
  if (Object.is(v, -0)) return "0";
  if (Number.isInteger(v) && Math.abs(v) < 1e21) return String(v);
  return String(Number(v.toPrecision(12)));
}

const NUMWORD_RUN =
  /\b(?:(?:zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand)(?:[\s-]+(?:and[\s-]+)?)?)+\b/g;

/** Turn operator words and number words into symbols: "seven times six" → "7 * 6". */
export function normaliseMath(text: string): string {
  let s = ` ${text.toLowerCase()} `;
  s = s.replace(/(\d),(?=\d{3}\b)/g, "$1");
  s = s.replace(NUMWORD_RUN, (m) => {
    const n = parseNumberPhrase(m.replace(/[\s-]+$/, ""));
    return n === null ? m : `${n} `;
  });
  s = s
    .replace(/(\d+(?:\.\d+)?)\s*(?:%|percent)\s+of\b/g, "($1 / 100) *")
    .replace(/\bsquare root of\b/g, " sqrt ")
    .replace(/\b(?:to the power of|raised to(?: the power of)?)\b/g, " ^ ")
    .replace(/\bsquared\b/g, " ^ 2 ")
    .replace(/\bcubed\b/g, " ^ 3 ")
    .replace(/\b(?:multiplied by|times)\b/g, " * ")
    .replace(/(\d)\s*[x×]\s*(?=[\d(])/g, "$1 * ")
    .replace(/\b(?:divided by)\b/g, " / ")
    .replace(/÷/g, " / ")
    .replace(/\bplus\b/g, " + ")
    .replace(/\bminus\b/g, " - ")
    .replace(/\b(?:mod|modulo)\b/g, " % ")
    .replace(/[−–]/g, "-");
  return s;
}

const CALC_CUE = /\b(?:what(?:'s| is| are| does)|how much (?:is|are|does)|calculate|compute|evaluate|work out|solve|sum of|equals?)\b|=\s*\??\s*$/i;

/**
 * Find and evaluate the arithmetic in `text`. In strict mode (the default) the sentence must look
 * like a request to calculate ("what is …", "calculate …") or consist of the expression alone, so
 * dates and version numbers are not mistaken for sums.
 */
export function findArithmetic(text: string, opts: { lenient?: boolean } = {}): Arithmetic | null {
  const s = normaliseMath(text);
  const spans = s.match(/[-+(\d.][\d\s.+\-*/^%()]*|sqrt[\d\s.+\-*/^%()sqrt]*/g) ?? [];
  let best: Arithmetic | null = null;
  let bestLen = 0;
  for (const raw of spans) {
    let span = raw.trim();
    // drop trailing operators / unmatched parens left by the sentence ("(12 * 7)?" is fine)
    while (span && /[+\-*/^%(]$/.test(span)) span = span.slice(0, -1).trim();
    if (!/\d/.test(span)) continue;
    const toks = tokenize(span);
    if (!toks) continue;
    const hasOperator = toks.some((t, i) => t.k === "fn" || (t.k === "op" && !["(", ")"].includes(t.v) && i > 0));
    if (!hasOperator) continue;
    let res = evaluateExpression(span);
    if (!res) {
      // balance a leading "(" that belonged to prose
      const trimmed = span.replace(/^\(+/, "").replace(/\)+$/, "");
      res = evaluateExpression(trimmed);
      if (!res) continue;
      span = trimmed;
    }
    if (span.length > bestLen) {
      best = res;
      bestLen = span.length;
    }
  }
  if (!best) return null;
  if (opts.lenient) return best;
  const rest = s.replace(/[\d\s.+\-*/^%()=?]|sqrt/g, "").trim();
  return CALC_CUE.test(text) || CALC_CUE.test(s) || rest.length === 0 ? best : null;
}
