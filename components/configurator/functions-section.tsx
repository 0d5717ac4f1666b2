"use client";
import { useRef, useState } from "react";
import { apiFetch } from "@/lib/client/api";
import { functionsFromJson, type ImportedFunctionDraft } from "@/lib/client/configurator/import-functions";
import { useConfigurator } from "@/lib/client/configurator/store";
import { DEFAULT_MOCK } from "@/lib/client/configurator/types";
import { Button } from "@/components/ui/button";
import { FunctionCard } from "./function-card";
import { ConfigSection } from "./section";

interface OpenApiAnswer {
  title: string;
  functions: { name: string; description: string; parameters?: unknown }[];
  warnings: string[];
}

function FilePick({ label, accept, onText }: { label: string; accept: string; onText: (text: string, name: string) => void }) {
  const ref = useRef<HTMLInputElement>(null);
  return (
    <label className="inline-flex h-7 cursor-pointer items-center rounded-md border border-line bg-raised px-2 text-xs font-medium hover:bg-sunken focus-within:ring-2 focus-within:ring-ring">
      {label}
      <input
        ref={ref}
        type="file"
        accept={accept}
        aria-label={label}
        className="sr-only"
        onChange={async (e) => {
          const f = e.target.files?.[0];
          if (f) onText(await f.text(), f.name);
          if (ref.current) ref.current.value = "";
        }}
      />
    </label>
  );
}

export function FunctionsSection() {
  const functions = useConfigurator((s) => s.functions);
  const add = useConfigurator((s) => s.addFunction);
  const [note, setNote] = useState<{ tone: "ok" | "err"; text: string } | null>(null);

  const addAll = (list: ImportedFunctionDraft[]) => list.forEach((f) => add(f));

  async function importOpenApi(text: string, file: string) {
    setNote(null);
    try {
      const r = await apiFetch<OpenApiAnswer>("/api/configurator/openapi", { method: "POST", json: { text } });
      addAll(r.functions.map((f) => ({ name: f.name, description: f.description, parametersJson: f.parameters ? JSON.stringify(f.parameters, null, 2) : "", mock: { ...DEFAULT_MOCK } })));
      setNote({ tone: "ok", text: `Imported ${r.functions.length} function${r.functions.length === 1 ? "" : "s"} from ${r.title} (${file}).${r.warnings.length ? ` ${r.warnings.join(" ")}` : ""}` });
    } catch (e) {
      setNote({ tone: "err", text: (e as Error).message });
    }
  }

  return (
    <ConfigSection
      title="Functions"
      id="cfg-functions"
      aside={<span className="text-xs text-faint">{functions.length} declared</span>}
    >
      <div className="flex flex-wrap gap-1.5">
        <Button size="sm" variant="primary" onClick={() => add()}>
          + Add function
        </Button>
        <FilePick
          label="Import JSON file"
          accept="application/json,.json"
          onText={(text, name) => {
            const r = functionsFromJson(text);
            if (!r.ok) return setNote({ tone: "err", text: r.error });
            addAll(r.value.functions);
            setNote({ tone: "ok", text: `Imported ${r.value.functions.length} from ${name}.${r.value.skipped.length ? ` Skipped: ${r.value.skipped.join("; ")}.` : ""}` });
          }}
        />
        <FilePick label="Import OpenAPI 3" accept=".json,.yaml,.yml,application/json,application/yaml" onText={(t, n) => void importOpenApi(t, n)} />
      </div>
      {note ? (
        <p role={note.tone === "err" ? "alert" : "status"} className={note.tone === "err" ? "text-xs text-err" : "text-xs text-ok"}>
          {note.text}
        </p>
      ) : null}
      {functions.length === 0 ? <p className="text-xs text-faint">No functions yet. Add one, or import a JSON file or an OpenAPI 3 document (one function per operation).</p> : null}
      <div className="space-y-3">
        {functions.map((f, i) => (
          <FunctionCard key={f.id} fn={f} index={i} />
        ))}
      </div>
    </ConfigSection>
  );
}
