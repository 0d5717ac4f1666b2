// The `input` forms of a create body (reference §3) as steps, and the split between a turn's input
// steps and its generated ones. Shared by the engine (after it has validated the shape), the
// recorder and the session pane, so all three read an input the same way.
import type { Content, Step } from "./types";

export const CONTENT_TYPES: ReadonlySet<string> = new Set(["text", "image", "audio", "document", "video"]);

/** Steps a client sends as a turn's input (a GET shows them in front of the generated steps). */
export const INPUT_STEP_TYPES: ReadonlySet<string> = new Set(["user_input", "function_result"]);

/**
 * Some clients send tool results as `function_result` blocks inside a `user_input` step's content
 * (Vercel's AI SDK, `@ai-sdk/google` 3.x: `{type:"user_input",content:[{type:"function_result",…}]}`).
 * The SDK's types list no such content type, but the live service accepts it as the equivalent
 * step list, and so do we: each such block is lifted out into a `function_result` step, in order,
 * and the content around it stays in `user_input` steps. Anything else is returned unchanged.
 */
export function liftContentResults(input: unknown): unknown {
  if (!Array.isArray(input)) return isUserInputWithResults(input) ? splitUserInput(input) : input;
  if (!input.some(isUserInputWithResults)) return input;
  return input.flatMap((item) => (isUserInputWithResults(item) ? splitUserInput(item) : [item]));
}

function isUserInputWithResults(item: unknown): item is { type: "user_input"; content: unknown[] } {
  if (!item || typeof item !== "object") return false;
  const o = item as { type?: unknown; content?: unknown };
  return (
    o.type === "user_input" &&
    Array.isArray(o.content) &&
    o.content.some((c) => !!c && typeof c === "object" && (c as { type?: unknown }).type === "function_result")
  );
}

function splitUserInput(step: { type: "user_input"; content: unknown[] }): unknown[] {
  const out: unknown[] = [];
  let pending: unknown[] = [];
  const flush = () => {
    if (pending.length) out.push({ ...step, content: pending });
    pending = [];
  };
  for (const c of step.content) {
    if (c && typeof c === "object" && (c as { type?: unknown }).type === "function_result") {
      flush();
      out.push(c);
    } else pending.push(c);
  }
  flush();
  return out;
}

/**
 * string | Content | Content[] | Step[] → steps. Runs of content items become one user_input step;
 * step items pass through. Lenient (no validation): the engine validates before calling it.
 */
export function inputToSteps(input: unknown): Step[] {
  if (input === undefined || input === null) return [];
  if (typeof input === "string") return [{ type: "user_input", content: [{ type: "text", text: input }] }];
  const lifted = liftContentResults(input);
  const items = Array.isArray(lifted) ? lifted : [lifted];
  const steps: Step[] = [];
  let pending: Content[] = [];
  const flush = () => {
    if (pending.length) steps.push({ type: "user_input", content: pending });
    pending = [];
  };
  for (const item of items) {
    if (!item || typeof item !== "object") continue;
    const type = (item as { type?: unknown }).type;
    if (typeof type === "string" && CONTENT_TYPES.has(type)) pending.push(item as Content);
    else {
      flush();
      steps.push(item as Step);
    }
  }
  flush();
  return steps;
}

/** The generated steps of an interaction whose `steps` may hold its input steps in front (a GET). */
export function generatedSteps(steps: Step[]): Step[] {
  let i = 0;
  while (i < steps.length && INPUT_STEP_TYPES.has(steps[i]?.type ?? "")) i++;
  return i ? steps.slice(i) : steps;
}
