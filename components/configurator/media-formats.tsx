"use client";
// Image and audio output formats (the SDK's ImageResponseFormat / AudioResponseFormat): with the
// JSON format they make response_format an array. A note says what the chosen backend does.
import { useId } from "react";
import { useConfigurator } from "@/lib/client/configurator/store";
import { AUDIO_MIME_TYPES, IMAGE_ASPECT_RATIOS, IMAGE_SIZES } from "@/lib/client/configurator/types";
import { useSettings } from "@/lib/client/settings-store";
import { Field, inputClass } from "@/components/ui/field";
import { Toggle } from "@/components/ui/toggle";
import { cn } from "@/components/ui/cn";

function mediaNote(backend: string, kind: "image" | "audio"): string {
  if (backend === "local") return `The local simulator cannot produce ${kind} output: it says so in its answer and replies in text (docs/simulator.md).`;
  if (backend === "openai") return `The OpenAI-compatible adapter sends only JSON formats on; ${kind} output depends on your server.`;
  return kind === "image" ? "Needs a Gemini model that generates images; the answer's images show in the turn and can be downloaded." : "Needs a Gemini model that speaks; the answer's audio plays in the turn and can be downloaded.";
}

export function MediaFormats() {
  const rf = useConfigurator((s) => s.responseFormat);
  const set = useConfigurator((s) => s.setResponseFormat);
  const backend = useSettings((s) => s.backend);
  const ids = { ratio: useId(), size: useId(), imime: useId(), amime: useId(), rate: useId(), bits: useId() };
  const count = [rf.enabled, rf.image.enabled, rf.audio.enabled].filter(Boolean).length;
  return (
    <div className="space-y-2">
      <Toggle label="Image output format" hint={<span className="font-mono">{`{type: "image"}`}</span>} checked={rf.image.enabled} onChange={(e) => set({ image: { ...rf.image, enabled: e.target.checked } })} />
      {rf.image.enabled ? (
        <div className="space-y-2 rounded-lg border border-line bg-raised p-2.5">
          <p className={cn("text-xs", backend === "local" ? "text-warn" : "text-faint")}>{mediaNote(backend, "image")}</p>
          <div className="grid gap-2 sm:grid-cols-3">
            <Field label="Aspect ratio" htmlFor={ids.ratio}>
              <select id={ids.ratio} value={rf.image.aspectRatio} onChange={(e) => set({ image: { ...rf.image, aspectRatio: e.target.value } })} className={inputClass}>
                <option value="">default</option>
                {IMAGE_ASPECT_RATIOS.map((r) => (
                  <option key={r}>{r}</option>
                ))}
              </select>
            </Field>
            <Field label="Image size" htmlFor={ids.size}>
              <select id={ids.size} value={rf.image.imageSize} onChange={(e) => set({ image: { ...rf.image, imageSize: e.target.value } })} className={inputClass}>
                <option value="">default</option>
                {IMAGE_SIZES.map((r) => (
                  <option key={r}>{r}</option>
                ))}
              </select>
            </Field>
            <Field label="Image MIME type" htmlFor={ids.imime}>
              <input id={ids.imime} value={rf.image.mimeType} placeholder="image/jpeg" spellCheck={false} onChange={(e) => set({ image: { ...rf.image, mimeType: e.target.value } })} className={cn(inputClass, "font-mono")} />
            </Field>
          </div>
        </div>
      ) : null}
      <Toggle label="Audio output format" hint={<span className="font-mono">{`{type: "audio"}`}</span>} checked={rf.audio.enabled} onChange={(e) => set({ audio: { ...rf.audio, enabled: e.target.checked } })} />
      {rf.audio.enabled ? (
        <div className="space-y-2 rounded-lg border border-line bg-raised p-2.5">
          <p className={cn("text-xs", backend === "local" ? "text-warn" : "text-faint")}>{mediaNote(backend, "audio")}</p>
          <div className="grid gap-2 sm:grid-cols-3">
            <Field label="Audio MIME type" htmlFor={ids.amime}>
              <select id={ids.amime} value={rf.audio.mimeType} onChange={(e) => set({ audio: { ...rf.audio, mimeType: e.target.value } })} className={inputClass}>
                <option value="">default</option>
                {AUDIO_MIME_TYPES.map((r) => (
                  <option key={r}>{r}</option>
                ))}
              </select>
            </Field>
            <Field label="Sample rate (Hz)" htmlFor={ids.rate}>
              <input id={ids.rate} inputMode="numeric" value={rf.audio.sampleRate} placeholder="24000" onChange={(e) => set({ audio: { ...rf.audio, sampleRate: e.target.value } })} className={cn(inputClass, "font-mono")} />
            </Field>
            <Field label="Bit rate (bps)" htmlFor={ids.bits} hint="MP3 / Opus only.">
              <input id={ids.bits} inputMode="numeric" value={rf.audio.bitRate} placeholder="64000" onChange={(e) => set({ audio: { ...rf.audio, bitRate: e.target.value } })} className={cn(inputClass, "font-mono")} />
            </Field>
          </div>
        </div>
      ) : null}
      {count > 1 ? <p className="text-xs text-faint">{count} formats on: response_format is sent as an array.</p> : null}
    </div>
  );
}
