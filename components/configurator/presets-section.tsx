"use client";
// Presets: save the configurator + run settings on the server (a version per save), list versions,
// diff any two, restore one (as a new version), export/import JSON, apply to this or a new session.
import { useRouter } from "next/navigation";
import { useId, useMemo, useRef, useState } from "react";
import { diffJson } from "@/lib/client/configurator/diff";
import { PRESET_EXPORT_FORMAT, presetsApi, useInvalidatePresets, usePreset, usePresets, usePresetVersion, type PresetPayload } from "@/lib/client/configurator/presets-client";
import { sanitizeDraft } from "@/lib/client/configurator/sanitize";
import { draftOf, useConfigurator } from "@/lib/client/configurator/store";
import { newSessionId } from "@/lib/client/session-id";
import { runSettingsOf, useSettings } from "@/lib/client/settings-store";
import { DEFAULT_SETTINGS, type RunSettings } from "@/lib/client/turn-model";
import { Button } from "@/components/ui/button";
import { Field, inputClass } from "@/components/ui/field";
import { cn } from "@/components/ui/cn";
import { ConfigSection } from "./section";

/** Run settings a preset carries (the backend and the key never: they belong to this machine). */
const PRESET_SETTINGS: (keyof RunSettings)[] = ["targetKind", "model", "agent", "systemInstruction", "thinkingLevel", "thinkingSummaries", "maxOutputTokens", "stopSequences", "seed", "store", "stream", "background", "toolsJson"];

export function currentPayload(): PresetPayload {
  const s = runSettingsOf(useSettings.getState());
  const run: Partial<RunSettings> = {};
  for (const k of PRESET_SETTINGS) (run as Record<string, unknown>)[k] = s[k];
  return { configurator: draftOf(useConfigurator.getState()), run_settings: run };
}

export function applyPayload(p: PresetPayload, presetId: string | null) {
  useConfigurator.getState().replace(sanitizeDraft(p.configurator), presetId);
  const patch: Partial<RunSettings> = {};
  const raw = (p.run_settings ?? {}) as Record<string, unknown>;
  for (const k of PRESET_SETTINGS) if (typeof raw[k] === typeof DEFAULT_SETTINGS[k]) (patch as Record<string, unknown>)[k] = raw[k];
  useSettings.getState().set(patch);
}

function download(name: string, data: unknown) {
  const url = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: "application/json" }));
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1_000);
}

export function PresetsSection() {
  const router = useRouter();
  const presets = usePresets();
  const presetId = useConfigurator((s) => s.presetId);
  const setPresetId = useConfigurator((s) => s.setPresetId);
  const detail = usePreset(presetId);
  const invalidate = useInvalidatePresets();
  const [name, setName] = useState("");
  const [msg, setMsg] = useState<{ tone: "ok" | "err"; text: string } | null>(null);
  const [diffPair, setDiffPair] = useState<[number, number] | null>(null);
  const ids = { name: useId(), pick: useId() };
  const importRef = useRef<HTMLInputElement>(null);

  const run = async (f: () => Promise<string>) => {
    setMsg(null);
    try {
      setMsg({ tone: "ok", text: await f() });
    } catch (e) {
      setMsg({ tone: "err", text: (e as Error).message });
    }
  };

  const saveNew = () =>
    run(async () => {
      const n = name.trim() || "Untitled preset";
      const p = await presetsApi.create(n, currentPayload());
      setPresetId(p.id);
      invalidate(p.id);
      return `Saved “${p.name}” (version 1).`;
    });
  const save = () =>
    run(async () => {
      if (!presetId) throw new Error("Choose a preset first, or save as new.");
      const p = await presetsApi.save(presetId, currentPayload(), name.trim() || undefined);
      invalidate(presetId);
      return `Saved “${p.name}” as version ${p.latest_version}.`;
    });
  const load = (id: string, version?: number) =>
    run(async () => {
      const v = version ? await presetsApi.version(id, version) : (await presetsApi.get(id)).latest;
      applyPayload(v.payload, id);
      return `Applied version ${v.version}.`;
    });
  const restore = (v: number) =>
    run(async () => {
      if (!presetId) throw new Error("No preset chosen.");
      const p = await presetsApi.restore(presetId, v);
      const latest = await presetsApi.version(presetId, p.latest_version);
      applyPayload(latest.payload, presetId);
      invalidate(presetId);
      return `Restored version ${v} as version ${p.latest_version}.`;
    });

  const versions = detail.data?.versions ?? [];
  const current = presets.data?.presets.find((p) => p.id === presetId);

  return (
    <ConfigSection title="Presets" id="cfg-presets" aside={current ? <span className="text-xs text-faint">current: {current.name} · v{current.latest_version}</span> : null}>
      <div className="grid gap-2 sm:grid-cols-2">
        <Field label="Preset" htmlFor={ids.pick}>
          <select
            id={ids.pick}
            value={presetId ?? ""}
            onChange={(e) => {
              const id = e.target.value || null;
              setPresetId(id);
              setDiffPair(null);
              if (id) void load(id);
            }}
            className={inputClass}
          >
            <option value="">(none — unsaved draft)</option>
            {(presets.data?.presets ?? []).map((p) => (
              <option key={p.id} value={p.id}>
                {p.name} (v{p.latest_version})
              </option>
            ))}
          </select>
        </Field>
        <Field label="Preset name" htmlFor={ids.name} hint="Used by Save as new; renames on Save.">
          <input id={ids.name} value={name} placeholder={current?.name ?? "My tools"} onChange={(e) => setName(e.target.value)} className={inputClass} />
        </Field>
      </div>
      <div className="flex flex-wrap gap-1.5">
        <Button size="sm" variant="primary" onClick={() => void save()} disabled={!presetId}>
          Save version
        </Button>
        <Button size="sm" onClick={() => void saveNew()}>
          Save as new preset
        </Button>
        <Button size="sm" variant="ghost" disabled={!presetId} onClick={() => presetId && void run(async () => {
          const d = await presetsApi.get(presetId);
          download(`preset-${d.preset.name.replace(/[^\w.-]+/g, "_")}.json`, { format: PRESET_EXPORT_FORMAT, name: d.preset.name, payload: d.latest.payload, exported: new Date().toISOString() });
          return "Exported.";
        })}>
          Export JSON
        </Button>
        <label className="inline-flex h-7 cursor-pointer items-center rounded-md px-2 text-xs font-medium text-muted hover:bg-sunken hover:text-fg focus-within:ring-2 focus-within:ring-ring">
          Import JSON
          <input
            ref={importRef}
            type="file"
            accept="application/json,.json"
            aria-label="Import preset JSON"
            className="sr-only"
            onChange={async (e) => {
              const f = e.target.files?.[0];
              if (importRef.current) importRef.current.value = "";
              if (!f) return;
              const text = await f.text();
              void run(async () => {
                const data = JSON.parse(text) as { format?: string; name?: string; payload?: PresetPayload };
                if (data.format !== PRESET_EXPORT_FORMAT || !data.payload) throw new Error(`Not a preset export (expected "format": "${PRESET_EXPORT_FORMAT}").`);
                const p = await presetsApi.create(data.name || f.name, { configurator: sanitizeDraft(data.payload.configurator), run_settings: data.payload.run_settings ?? {} });
                applyPayload(data.payload, p.id);
                invalidate(p.id);
                return `Imported “${p.name}”.`;
              });
            }}
          />
        </label>
        <Button size="sm" variant="ghost" onClick={() => router.push(`/sessions/${newSessionId()}`)} title="The configuration applies to every turn you send next">
          Use in a new session
        </Button>
        <Button size="sm" variant="ghost" className="text-err" disabled={!presetId} onClick={() => presetId && void run(async () => {
          await presetsApi.remove(presetId);
          setPresetId(null);
          invalidate();
          return "Deleted.";
        })}>
          Delete preset
        </Button>
      </div>
      {msg ? (
        <p role={msg.tone === "err" ? "alert" : "status"} className={cn("text-xs", msg.tone === "err" ? "text-err" : "text-ok")}>
          {msg.text}
        </p>
      ) : null}
      {versions.length ? (
        <div className="space-y-2">
          <h3 className="text-xs font-semibold text-muted">Versions</h3>
          <ul aria-label="Preset versions" className="divide-y divide-line rounded-lg border border-line bg-raised text-xs">
            {versions.map((v, i) => (
              <li key={v.version} className="flex flex-wrap items-center gap-2 px-2.5 py-1.5">
                <span className="font-mono font-medium">v{v.version}</span>
                <span className="text-faint">{new Date(v.created).toLocaleString()}</span>
                {v.note ? <span className="text-muted">{v.note}</span> : null}
                <span className="ml-auto flex gap-1">
                  {versions[i + 1] ? (
                    <Button size="sm" variant="ghost" aria-label={`Diff version ${v.version} against version ${versions[i + 1]!.version}`} onClick={() => setDiffPair([versions[i + 1]!.version, v.version])}>
                      Diff
                    </Button>
                  ) : null}
                  {i > 0 ? (
                    <Button size="sm" variant="ghost" aria-label={`Restore version ${v.version}`} onClick={() => void restore(v.version)}>
                      Restore
                    </Button>
                  ) : null}
                </span>
              </li>
            ))}
          </ul>
          {diffPair && presetId ? <VersionDiff presetId={presetId} a={diffPair[0]} b={diffPair[1]} onClose={() => setDiffPair(null)} /> : null}
        </div>
      ) : null}
    </ConfigSection>
  );
}

function VersionDiff({ presetId, a, b, onClose }: { presetId: string; a: number; b: number; onClose: () => void }) {
  const va = usePresetVersion(presetId, a);
  const vb = usePresetVersion(presetId, b);
  const d = useMemo(() => (va.data && vb.data ? diffJson(va.data.payload, vb.data.payload) : null), [va.data, vb.data]);
  return (
    <div aria-label={`Diff v${a} → v${b}`} role="region" className="space-y-1 rounded-lg border border-line bg-sunken p-2">
      <div className="flex items-center gap-2 text-xs">
        <span className="font-semibold">
          v{a} → v{b}
        </span>
        {d ? (
          <span className="text-faint">
            +{d.added} −{d.removed}
          </span>
        ) : null}
        <Button size="sm" variant="ghost" className="ml-auto" onClick={onClose}>
          Close diff
        </Button>
      </div>
      {!d ? (
        <p className="text-xs text-faint">Loading…</p>
      ) : d.added + d.removed === 0 ? (
        <p className="text-xs text-faint">No changes.</p>
      ) : (
        <pre className="max-h-80 overflow-auto font-mono text-[12px] leading-5">
          {d.lines.map((l, i) =>
            l.kind === "same" ? (
              <div key={i} className="text-faint">
                {"  "}
                {l.text}
              </div>
            ) : (
              <div key={i} className={l.kind === "add" ? "bg-ok-soft text-ok" : "bg-err-soft text-err"}>
                {l.kind === "add" ? "+ " : "- "}
                {l.text}
              </div>
            ),
          )}
        </pre>
      )}
    </div>
  );
}
