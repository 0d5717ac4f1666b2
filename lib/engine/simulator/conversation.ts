// The conversation as the simulator reads it: every earlier step (history from the engine's chain,
// plus any transcript steps in the input), and the latest user turn (the trailing user_input /
// function_result steps).
import type { ModelRequest } from "@/lib/engine/model/types";
import type { Content, Step } from "@/lib/interactions/types";
import { stepText } from "./text";

export interface Conversation {
  all: Step[];
  /** The trailing run of user_input / function_result steps: what this turn answers. */
  latest: Step[];
  latestText: string;
  latestMedia: Content[];
  functionResults: Step[];
  /** Every user_input text in order, the latest turn's included. */
  userTexts: string[];
  /** User texts before the latest turn. */
  priorUserTexts: string[];
  /** function_call steps by id, for naming results. */
  callsById: Map<string, Step>;
}

const TURN_TYPES = new Set(["user_input", "function_result"]);

export function readConversation(req: Pick<ModelRequest, "history" | "input">): Conversation {
  const all = [...req.history, ...req.input];
  let start = all.length;
  while (start > 0 && TURN_TYPES.has(all[start - 1]!.type)) start--;
  const latest = all.slice(start);
  const prior = all.slice(0, start);
  const userTexts = all.filter((s) => s.type === "user_input").map(stepText).filter(Boolean);
  const priorUserTexts = prior.filter((s) => s.type === "user_input").map(stepText).filter(Boolean);
  const callsById = new Map<string, Step>();
  for (const s of all) if (s.type === "function_call" && typeof s.id === "string") callsById.set(s.id, s);
  return {
    all,
    latest,
    latestText: latest
      .filter((s) => s.type === "user_input")
      .map(stepText)
      .filter(Boolean)
      .join("\n"),
    latestMedia: latest.flatMap((s) => (s.type === "user_input" ? (s.content ?? []).filter((c) => c && c.type !== "text") : [])),
    functionResults: latest.filter((s) => s.type === "function_result"),
    userTexts,
    priorUserTexts,
    callsById,
  };
}
