"use client";
import { useId } from "react";
import { builtinNote } from "@/lib/client/configurator/capabilities";
import { useConfigurator } from "@/lib/client/configurator/store";
import { COMPUTER_ENVIRONMENTS, SEARCH_TYPES, type BuiltinType, type ComputerEnvironment } from "@/lib/client/configurator/types";
import { useSettings } from "@/lib/client/settings-store";
import { Field, inputClass } from "@/components/ui/field";
import { Toggle } from "@/components/ui/toggle";
import { cn } from "@/components/ui/cn";
import { ConfigSection } from "./section";

const LABELS: Record<BuiltinType, string> = {
  code_execution: "Code execution",
  google_search: "Google Search",
  url_context: "URL context",
  file_search: "File search",
  google_maps: "Google Maps",
  computer_use: "Computer use",
};

export function BuiltinsSection() {
  const b = useConfigurator((s) => s.builtins);
  const setBuiltin = useConfigurator((s) => s.setBuiltin);
  const backend = useSettings((s) => s.backend);
  const ids = { stores: useId(), topk: useId(), filter: useId(), lat: useId(), lng: useId(), env: useId(), excl: useId() };

  const row = (type: BuiltinType, children?: React.ReactNode) => {
    const note = b[type].enabled ? builtinNote(type, backend) : null;
    return (
      <div key={type} className="space-y-2 rounded-lg border border-line bg-raised p-2.5">
        <Toggle label={LABELS[type]} hint={<span className="font-mono">{type}</span>} checked={b[type].enabled} onChange={(e) => setBuiltin(type, { enabled: e.target.checked })} />
        {note ? <p className={cn("text-xs", backend === "local" && !["code_execution", "google_search"].includes(type) ? "text-warn" : "text-faint")}>{note}</p> : null}
        {b[type].enabled ? children : null}
      </div>
    );
  };

  return (
    <ConfigSection title="Built-in tools" id="cfg-builtins" aside={<span className="text-xs text-faint">combined with functions in one tools[]</span>}>
      <div className="grid gap-2 sm:grid-cols-2">
        {row("code_execution")}
        {row(
          "google_search",
          <fieldset className="space-y-1">
            <legend className="text-xs text-muted">Search types (none = the default)</legend>
            {SEARCH_TYPES.map((t) => (
              <label key={t} className="flex items-center gap-2 font-mono text-xs">
                <input
                  type="checkbox"
                  checked={b.google_search.searchTypes.includes(t)}
                  onChange={(e) => setBuiltin("google_search", { searchTypes: e.target.checked ? [...b.google_search.searchTypes, t] : b.google_search.searchTypes.filter((x) => x !== t) })}
                />
                {t}
              </label>
            ))}
          </fieldset>,
        )}
        {row("url_context")}
        {row(
          "file_search",
          <div className="space-y-2">
            <Field label="Store names (one per line)" htmlFor={ids.stores}>
              <textarea id={ids.stores} rows={2} value={b.file_search.storeNames} placeholder="fileSearchStores/my-store" onChange={(e) => setBuiltin("file_search", { storeNames: e.target.value })} className={cn(inputClass, "font-mono")} />
            </Field>
            <div className="grid grid-cols-2 gap-2">
              <Field label="top_k" htmlFor={ids.topk}>
                <input id={ids.topk} inputMode="numeric" value={b.file_search.topK} placeholder="default" onChange={(e) => setBuiltin("file_search", { topK: e.target.value })} className={inputClass} />
              </Field>
              <Field label="Metadata filter" htmlFor={ids.filter}>
                <input id={ids.filter} value={b.file_search.metadataFilter} placeholder='author = "Ada"' onChange={(e) => setBuiltin("file_search", { metadataFilter: e.target.value })} className={cn(inputClass, "font-mono")} />
              </Field>
            </div>
          </div>,
        )}
        {row(
          "google_maps",
          <div className="space-y-2">
            <div className="grid grid-cols-2 gap-2">
              <Field label="Latitude" htmlFor={ids.lat}>
                <input id={ids.lat} inputMode="decimal" value={b.google_maps.latitude} placeholder="38.72" onChange={(e) => setBuiltin("google_maps", { latitude: e.target.value })} className={inputClass} />
              </Field>
              <Field label="Longitude" htmlFor={ids.lng}>
                <input id={ids.lng} inputMode="decimal" value={b.google_maps.longitude} placeholder="-9.14" onChange={(e) => setBuiltin("google_maps", { longitude: e.target.value })} className={inputClass} />
              </Field>
            </div>
            <Toggle label="Enable widget" checked={b.google_maps.enableWidget} onChange={(e) => setBuiltin("google_maps", { enableWidget: e.target.checked })} />
          </div>,
        )}
        {row(
          "computer_use",
          <div className="space-y-2">
            <Field label="Environment" htmlFor={ids.env}>
              <select id={ids.env} value={b.computer_use.environment} onChange={(e) => setBuiltin("computer_use", { environment: e.target.value as ComputerEnvironment })} className={inputClass}>
                {COMPUTER_ENVIRONMENTS.map((x) => (
                  <option key={x} value={x}>
                    {x}
                  </option>
                ))}
              </select>
            </Field>
            <Field label="Excluded predefined functions (one per line)" htmlFor={ids.excl}>
              <textarea id={ids.excl} rows={2} value={b.computer_use.excluded} placeholder="drag_and_drop" onChange={(e) => setBuiltin("computer_use", { excluded: e.target.value })} className={cn(inputClass, "font-mono")} />
            </Field>
          </div>,
        )}
      </div>
    </ConfigSection>
  );
}
