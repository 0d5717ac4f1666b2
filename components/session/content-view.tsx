"use client";
// Content items (text, image, audio, video, document) and annotations, as they appear in
// user_input, model_output, thought summaries and function results.
import type { Content } from "@/lib/interactions/types";
import { withCitations } from "@/lib/client/turn-model";
import { FileIcon } from "@/components/ui/icons";
import { Markdown } from "./markdown";

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(n < 10 * 1024 ? 1 : 0)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

/** Decoded size of a base64 payload. */
export function base64Bytes(b64: string): number {
  const pad = b64.endsWith("==") ? 2 : b64.endsWith("=") ? 1 : 0;
  return Math.max(0, Math.floor((b64.length * 3) / 4) - pad);
}

function mediaSrc(c: Content): string | undefined {
  if (c.data && c.mime_type) return `data:${c.mime_type};base64,${c.data}`;
  if (c.uri && /^(https?:|data:)/.test(c.uri)) return c.uri;
  return undefined;
}

/** A compact chip for an attached file (user_input side). */
export function AttachmentChip({ c }: { c: Content }) {
  const src = mediaSrc(c);
  const size = c.data ? formatBytes(base64Bytes(c.data)) : null;
  const label = `${c.type}${c.mime_type ? ` · ${c.mime_type}` : ""}${size ? ` · ${size}` : ""}`;
  return (
    <span className="inline-flex max-w-full items-center gap-2 rounded-lg border border-line bg-raised py-1 pr-2.5 pl-1 text-xs text-muted">
      {c.type === "image" && src ? (
        // eslint-disable-next-line @next/next/no-img-element -- inline data URL, nothing for next/image to optimise
        <img src={src} alt={`Attached ${c.mime_type ?? "image"}`} className="h-8 w-8 rounded object-cover" />
      ) : (
        <span className="grid h-8 w-8 place-items-center rounded bg-sunken">
          <FileIcon size={14} />
        </span>
      )}
      <span className="truncate">{label}</span>
      {c.uri && !c.data ? <span className="truncate font-mono">{c.uri}</span> : null}
    </span>
  );
}

const EXT: Record<string, string> = { "image/png": "png", "image/jpeg": "jpg", "image/webp": "webp", "image/gif": "gif", "audio/wav": "wav", "audio/mp3": "mp3", "audio/mpeg": "mp3", "audio/ogg_opus": "ogg", "audio/ogg": "ogg", "video/mp4": "mp4" };

/** Media produced by the model, rendered inline where the browser can, with a download link. */
export function MediaItem({ c }: { c: Content }) {
  const src = mediaSrc(c);
  if (!src) return <AttachmentChip c={c} />;
  if (c.type === "image" || c.type === "audio" || c.type === "video")
    return (
      <figure className="space-y-1">
        <MediaElement c={c} src={src} />
        <a href={src} download={`${c.type}.${EXT[c.mime_type ?? ""] ?? "bin"}`} className="text-xs text-accent underline" aria-label={`Download ${c.type}${c.mime_type ? ` (${c.mime_type})` : ""}`}>
          Download {c.type}
        </a>
      </figure>
    );
  return <MediaElement c={c} src={src} />;
}

function MediaElement({ c, src }: { c: Content; src: string }) {
  switch (c.type) {
    case "image":
      // eslint-disable-next-line @next/next/no-img-element -- inline data URL
      return <img src={src} alt={`Generated ${c.mime_type ?? "image"}`} className="max-h-96 max-w-full rounded-lg border border-line" />;
    case "audio":
      return <audio controls src={src} className="w-full max-w-md" aria-label={`Audio ${c.mime_type ?? ""}`} />;
    case "video":
      return <video controls src={src} className="max-h-96 max-w-full rounded-lg" aria-label={`Video ${c.mime_type ?? ""}`} />;
    default:
      return (
        <a href={src} download className="text-sm text-accent underline">
          Download {c.type} ({c.mime_type ?? "unknown type"})
        </a>
      );
  }
}

/** Annotations other than url_citation (which become numbered links in the text). */
function OtherAnnotations({ annotations }: { annotations: Record<string, unknown>[] }) {
  const rest = annotations.filter((a) => a.type !== "url_citation");
  if (!rest.length) return null;
  return (
    <ul className="mt-2 space-y-1 text-xs text-muted">
      {rest.map((a, i) => (
        <li key={i} className="font-mono break-all">
          {String(a.type ?? "annotation")}: {String(a.file_name ?? a.name ?? a.document_uri ?? a.url ?? a.text ?? "")}
        </li>
      ))}
    </ul>
  );
}

/** Text as markdown with [n] citation links, followed by its sources. */
export function TextContent({ c, streaming }: { c: Content; streaming?: boolean }) {
  const { markdown, sources } = withCitations(c.text ?? "", c.annotations);
  return (
    <div className={streaming ? "caret" : undefined}>
      <Markdown text={markdown} />
      {sources.length ? (
        <div className="mt-3 border-t border-line pt-2">
          <p className="mb-1 text-xs font-medium text-muted">Sources</p>
          <ol className="space-y-0.5 text-xs">
            {sources.map((s) => (
              <li key={s.n} className="flex gap-1.5">
                <span className="text-faint">[{s.n}]</span>
                <a href={s.url} target="_blank" rel="noreferrer noopener" className="break-all text-accent underline underline-offset-2">
                  {s.title ?? s.url}
                </a>
              </li>
            ))}
          </ol>
        </div>
      ) : null}
      {c.annotations ? <OtherAnnotations annotations={c.annotations} /> : null}
    </div>
  );
}

export function ContentList({ items, streaming }: { items: Content[]; streaming?: boolean }) {
  return (
    <div className="space-y-2">
      {items.map((c, i) =>
        c.type === "text" ? (
          <TextContent key={i} c={c} streaming={streaming && i === items.length - 1} />
        ) : (
          <MediaItem key={i} c={c} />
        ),
      )}
    </div>
  );
}
