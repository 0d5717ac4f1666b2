"use client";
// Under a turn: which function results were mocked (record metadata, never on the wire), and the
// check of the output against the response_format schema it asked for.
import { useEffect, useState } from "react";
import { checkOutput, outputText, requestedSchema, type OutputCheck } from "@/lib/client/configurator/output-check";
import type { TurnView } from "@/lib/client/turn-model";
import { Badge } from "@/components/ui/badge";

export function TurnExtras({ turn, n, mocked }: { turn: TurnView; n: number; mocked: ReadonlyMap<string, string> }) {
  const results = turn.inputSteps.filter((s) => s.type === "function_result" && typeof s.call_id === "string" && mocked.has(s.call_id));
  const schema = requestedSchema(turn.request);
  const check = useOutputCheck(schema && turn.terminal && !turn.running ? schema : null, turn.steps);
  if (!results.length && !check) return null;
  return (
    <div aria-label={`Turn ${n} checks`} className="-mt-2 flex flex-wrap items-center gap-2 px-1 text-xs">
      {results.map((s) => (
        <Badge key={s.call_id} tone="info" title={`The result for ${s.name} (${s.call_id}) came from its ${mocked.get(s.call_id!) === "js" ? "JavaScript" : "fixed"} mock`}>
          mocked · {s.name}
        </Badge>
      ))}
      {check && check.state !== "none" ? (
        <span role="status" aria-label={`Output check for turn ${n}`} className={check.state === "valid" ? "text-ok" : "text-err"}>
          {check.state === "valid" ? "Output matches the response schema: valid" : check.state === "invalid" ? `Output does not match the schema at ${check.path}: ${check.message}` : check.message}
        </span>
      ) : null}
    </div>
  );
}

/** The output check of a finished turn; Ajv (the validator) is fetched the first time a turn asked for a schema. */
function useOutputCheck(schema: Record<string, unknown> | null, steps: TurnView["steps"]): OutputCheck | null {
  const [done, setDone] = useState<{ schema: Record<string, unknown>; steps: TurnView["steps"]; check: OutputCheck } | null>(null);
  useEffect(() => {
    if (!schema) return;
    let live = true;
    void checkOutput(schema, outputText(steps)).then((check) => live && setDone({ schema, steps, check }));
    return () => {
      live = false;
    };
  }, [schema, steps]);
  return schema && done && done.schema === schema && done.steps === steps ? done.check : null;
}

export function AutoAnswerStatus({ busy, error, reason, enabled }: { busy: boolean; error: string | null; reason: string | null; enabled: boolean }) {
  if (!enabled && !error) return null;
  const text = busy ? "Auto-answering with mocks…" : (error ?? reason);
  if (!text) return null;
  return (
    <p role="status" className={error ? "mb-2 text-xs text-err" : "mb-2 text-xs text-info"}>
      {text}
    </p>
  );
}
