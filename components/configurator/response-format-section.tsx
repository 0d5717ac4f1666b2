"use client";
import { useId, useMemo } from "react";
import { checkResponseSchema } from "@/lib/client/configurator/schema-check";
import { useConfigurator } from "@/lib/client/configurator/store";
import { MAX_LOOP_LIMIT, STARTER_RESPONSE_SCHEMAS } from "@/lib/client/configurator/types";
import { Button } from "@/components/ui/button";
import { Field, inputClass } from "@/components/ui/field";
import { Toggle } from "@/components/ui/toggle";
import { MediaFormats } from "./media-formats";
import { SchemaEditor } from "./schema-editor";
import { ConfigSection } from "./section";

export function ResponseFormatSection() {
  const rf = useConfigurator((s) => s.responseFormat);
  const set = useConfigurator((s) => s.setResponseFormat);
  const check = useMemo(() => checkResponseSchema(rf.schemaJson), [rf.schemaJson]);
  return (
    <ConfigSection title="Structured output" id="cfg-response-format">
      <Toggle
        label="JSON response format"
        hint="Sends response_format {type: text, mime_type: application/json, schema}; each answer is checked against the schema."
        checked={rf.enabled}
        onChange={(e) => set({ enabled: e.target.checked, schemaJson: rf.schemaJson || JSON.stringify(STARTER_RESPONSE_SCHEMAS[0]!.schema, null, 2) })}
      />
      {rf.enabled ? (
        <>
          <div className="flex flex-wrap items-center gap-1">
            <span className="text-xs text-muted">Starters:</span>
            {STARTER_RESPONSE_SCHEMAS.map((s) => (
              <Button key={s.label} size="sm" variant="secondary" aria-label={`Use the ${s.label} starter schema`} onClick={() => set({ schemaJson: JSON.stringify(s.schema, null, 2) })}>
                {s.label}
              </Button>
            ))}
          </div>
          <SchemaEditor label="Response schema" modelId="response-format" value={rf.schemaJson} onChange={(v) => set({ schemaJson: v })} check={check} height={200} />
        </>
      ) : null}
      <MediaFormats />
    </ConfigSection>
  );
}

export function AutoAnswerSection() {
  const auto = useConfigurator((s) => s.auto);
  const set = useConfigurator((s) => s.setAuto);
  const id = useId();
  return (
    <ConfigSection title="Auto-answer" id="cfg-auto">
      <Toggle
        label="Answer function calls with mocks"
        hint="When a turn ends requires_action and every call has a fixed or JavaScript mock, the results are sent without you. Mocked results are marked in the transcript and the record."
        checked={auto.enabled}
        onChange={(e) => set({ enabled: e.target.checked })}
      />
      <Field label="Loop limit (unattended rounds in a row)" htmlFor={id} hint={`1–${MAX_LOOP_LIMIT}. After that the pane asks you.`}>
        <input
          id={id}
          type="number"
          min={1}
          max={MAX_LOOP_LIMIT}
          value={auto.loopLimit}
          onChange={(e) => {
            const n = Math.round(Number(e.target.value));
            if (Number.isFinite(n)) set({ loopLimit: Math.min(MAX_LOOP_LIMIT, Math.max(1, n)) });
          }}
          className={`${inputClass} w-28`}
        />
      </Field>
    </ConfigSection>
  );
}
