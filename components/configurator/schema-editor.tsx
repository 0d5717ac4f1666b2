"use client";
// A JSON Schema in Monaco (completion + diagnostics from the bundled meta-schema) with the two
// levels of validation under it: valid JSON Schema (Ajv), and what the service would refuse —
// with the service's own message.
import JsonEditor from "@/components/editor/json-editor";
import { cn } from "@/components/ui/cn";
import type { SchemaCheck } from "@/lib/client/configurator/schema-check";
import { SCHEMA_MODEL_SUFFIX } from "./json-meta-schema";

export function SchemaIssues({ check, label }: { check: SchemaCheck; label: string }) {
  const errors = check.service.filter((f) => f.level === "error");
  const warnings = check.service.filter((f) => f.level === "warning");
  if (check.parseError) {
    return (
      <p role="alert" className="text-xs text-err">
        {label}: {check.parseError}
      </p>
    );
  }
  if (!check.value) return <p className="text-xs text-faint">{label}: empty (none sent).</p>;
  return (
    <div className="space-y-1 text-xs" aria-label={`${label} validation`}>
      {check.schemaErrors.length ? (
        <p role="alert" className="text-err">
          Not valid JSON Schema: {check.schemaErrors[0]!.path || "(root)"} {check.schemaErrors[0]!.message}
          {check.schemaErrors.length > 1 ? ` (+${check.schemaErrors.length - 1} more)` : ""}
        </p>
      ) : (
        <p className="text-ok">Valid JSON Schema (draft-07).</p>
      )}
      {errors.map((f) => (
        <p key={f.rule + f.path} role="alert" className="text-err">
          The service would reject it: {f.message}
        </p>
      ))}
      {!errors.length && !check.schemaErrors.length ? <p className="text-ok">The service accepts it.</p> : null}
      {warnings.map((f) => (
        <p key={f.rule + f.path} className="text-warn">
          Note: {f.message}
        </p>
      ))}
    </div>
  );
}

export function SchemaEditor({
  label,
  modelId,
  value,
  onChange,
  check,
  height = 180,
}: {
  label: string;
  /** Unique per editor: the Monaco model path (ending in .schema.json selects the meta-schema). */
  modelId: string;
  value: string;
  onChange: (v: string) => void;
  check: SchemaCheck;
  height?: number;
}) {
  const bad = !!check.parseError || check.schemaErrors.length > 0 || check.service.some((f) => f.level === "error");
  return (
    <div className="space-y-1.5">
      <div className={cn("overflow-hidden rounded-lg border", bad ? "border-err" : "border-line")}>
        <JsonEditor value={value} onChange={onChange} ariaLabel={label} height={height} path={`${modelId}${SCHEMA_MODEL_SUFFIX}`} />
      </div>
      <SchemaIssues check={check} label={label} />
    </div>
  );
}
