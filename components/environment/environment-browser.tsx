"use client";
// The environment browser of one agent turn: the files (this turn's workspace manifest on the
// local engine, else the environment's file list), a viewer (highlighted text through the session
// pane's lazy highlight.js renderer, images inline, a hex preview for binary), download, upload
// (drag and drop or a file input; the SDK's resumable protocol through the proxy, which holds the
// key), and the diff of the files between this turn and an earlier turn of the chain.
import { useEffect, useId, useMemo, useRef, useState, type DragEvent, type KeyboardEvent } from "react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Toggle } from "@/components/ui/toggle";
import { Field, inputClass } from "@/components/ui/field";
import { cn } from "@/components/ui/cn";
import { CodeBlock } from "@/components/session/markdown";
import { formatBytes } from "@/components/session/content-view";
import { cached, readFile, snapshot } from "@/lib/client/environment/content-cache";
import { changeCounts, classifyContent, decodeText, diffManifests, displayPath, hexDump, lineDiff, treeRows, type FileChange } from "@/lib/client/environment/files";
import { bytesToBase64 } from "@/lib/client/configurator/agents";
import { managedApi, managedKeys, useChainManifests, useEnvironmentFiles, type ChainTurn } from "@/lib/client/managed-api";

export interface EnvironmentBrowserProps {
  backend: string;
  environmentId: string;
  interactionId: string;
  /** The turn's number in the session (for names and titles). */
  n: number;
  onClose: () => void;
}

function saveBytes(bytes: Uint8Array, path: string): void {
  const url = URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>]));
  const a = document.createElement("a");
  a.href = url;
  a.download = displayPath(path).split("/").pop() || "file";
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function Viewer({ backend, env, path, expectSha }: { backend: string; env: string; path: string; expectSha?: string }) {
  const q = useQuery({ queryKey: ["env-file", backend, env, path], queryFn: () => readFile(backend, env, path), retry: false, staleTime: 0, gcTime: 0 });
  const data = q.data;
  const content = useMemo(() => (data ? classifyContent(path, data.bytes) : null), [data, path]);
  const imageSrc = useMemo(() => (data && content?.kind === "image" ? `data:${content.mime};base64,${bytesToBase64(data.bytes)}` : null), [data, content]);
  if (q.isError)
    return (
      <p role="alert" className="p-3 text-xs text-err">
        Could not read {displayPath(path)}: {(q.error as Error).message}
      </p>
    );
  if (!data) return <p className="p-3 text-xs text-faint">Loading {displayPath(path)}…</p>;
  return (
    <div className="space-y-2" aria-label={`Viewer ${displayPath(path)}`} role="region">
      <div className="flex flex-wrap items-center gap-2">
        <span className="min-w-0 flex-1 truncate font-mono text-xs text-fg">{displayPath(path)}</span>
        <span className="text-xs text-faint">{formatBytes(data.bytes.length)}</span>
        <Button size="sm" aria-label={`Download ${displayPath(path)}`} onClick={() => saveBytes(data.bytes, path)}>
          Download
        </Button>
      </div>
      {expectSha && expectSha !== data.sha256 ? <p className="text-xs text-warn">Changed since this turn: showing the environment&apos;s current content.</p> : null}
      {content?.kind === "text" ? (
        <CodeBlock code={content.text} language={content.language} className="max-h-[50vh] overflow-auto" />
      ) : content?.kind === "image" && imageSrc ? (
        // eslint-disable-next-line @next/next/no-img-element -- a data: URL of the file's bytes
        <img src={imageSrc} alt={displayPath(path)} className="max-h-[50vh] max-w-full rounded border border-line" />
      ) : (
        <pre aria-label="Hex preview" className="max-h-[50vh] overflow-auto rounded-lg border border-line bg-sunken p-2 font-mono text-[11px] leading-4">
          {hexDump(data.bytes)}
        </pre>
      )}
    </div>
  );
}

function Upload({ backend, env, onDone }: { backend: string; env: string; onDone: () => void }) {
  const [dir, setDir] = useState("");
  const [overwrite, setOverwrite] = useState(false);
  const [over, setOver] = useState(false);
  const [msg, setMsg] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const ids = { dir: useId(), input: useId() };

  async function send(files: File[]) {
    if (!files.length) return;
    setBusy(true);
    setMsg(null);
    const prefix = dir.trim().replace(/^\/?(workspace\/?)?/, "").replace(/\/?$/, "/").replace(/^\/$/, "");
    const done: string[] = [];
    try {
      for (const f of files) {
        await managedApi.upload(backend, env, `workspace/${prefix}${f.name}`, f, overwrite);
        done.push(`${prefix}${f.name}`);
      }
      setMsg({ ok: true, text: `Uploaded ${done.join(", ")}.` });
    } catch (e) {
      setMsg({ ok: false, text: `${done.length ? `Uploaded ${done.join(", ")}; then ` : ""}${(e as Error).message}` });
    } finally {
      setBusy(false);
      onDone();
    }
  }

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    void send(Array.from(e.dataTransfer.files));
  };

  return (
    <div
      role="group"
      aria-label="Upload files"
      onDragOver={(e) => {
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={onDrop}
      className={cn("space-y-2 rounded-lg border border-dashed p-2.5", over ? "border-accent bg-sunken" : "border-line")}
    >
      <p className="text-xs text-muted">Drop files here, or choose them. They go through the SDK&apos;s resumable upload, via the playground&apos;s proxy.</p>
      <div className="flex flex-wrap items-end gap-2">
        <Field label="Upload folder" htmlFor={ids.dir} className="min-w-40 flex-1">
          <input id={ids.dir} value={dir} placeholder="(workspace root)" spellCheck={false} onChange={(e) => setDir(e.target.value)} className={cn(inputClass, "font-mono")} />
        </Field>
        <Toggle label="Overwrite" checked={overwrite} onChange={(e) => setOverwrite(e.target.checked)} />
        <label htmlFor={ids.input} className={cn("inline-flex h-7 cursor-pointer items-center rounded-md border border-line bg-raised px-2 text-xs hover:bg-sunken", busy && "opacity-50")}>
          Choose files
        </label>
        <input
          id={ids.input}
          type="file"
          multiple
          disabled={busy}
          aria-label="Choose files to upload"
          className="sr-only"
          onChange={(e) => {
            const files = Array.from(e.target.files ?? []);
            e.target.value = "";
            void send(files);
          }}
        />
      </div>
      {msg ? (
        <p role={msg.ok ? "status" : "alert"} className={cn("text-xs", msg.ok ? "text-ok" : "text-err")}>
          {msg.text}
        </p>
      ) : null}
    </div>
  );
}

const KIND_TONE = { added: "ok", removed: "err", changed: "warn", unchanged: "neutral" } as const;

interface DiffTexts {
  before: string | null;
  after: string | null;
  note?: string;
}

/** Each side's bytes: kept by this browser (by sha256), or the file as it is now in that turn's environment if it still matches. */
async function loadDiffTexts(backend: string, envs: { before: string; after: string }, change: FileChange): Promise<DiffTexts> {
  const get = async (sha: string | undefined, env: string): Promise<Uint8Array | null> => {
    if (!sha) return new Uint8Array();
    const hit = cached(sha);
    if (hit) return hit;
    const r = await readFile(backend, env, change.path).catch(() => null);
    return r && r.sha256 === sha ? r.bytes : null;
  };
  const b = await get(change.before?.sha256, envs.before);
  const a = await get(change.after?.sha256, envs.after);
  const before = b ? decodeText(b) : null;
  const after = a ? decodeText(a) : null;
  if (!b || !a)
    return {
      before,
      after,
      note: "The bytes of one side are no longer in the environment and were not kept by this browser (it keeps a copy of the files it shows, and of a turn's files when the browser is opened on that turn); the sizes and hashes still say what changed.",
    };
  if (before === null || after === null) return { before, after, note: "Binary file: no text diff." };
  return { before, after };
}

function TextDiff({ backend, envs, change }: { backend: string; envs: { before: string; after: string }; change: FileChange }) {
  const q = useQuery({ queryKey: ["env-diff", backend, envs.before, envs.after, change.path, change.before?.sha256 ?? "", change.after?.sha256 ?? ""], queryFn: () => loadDiffTexts(backend, envs, change), retry: false, gcTime: 0 });
  const texts = q.data;
  if (q.isError)
    return (
      <p role="alert" className="text-xs text-err">
        {(q.error as Error).message}
      </p>
    );
  if (!texts) return <p className="text-xs text-faint">Loading the diff…</p>;
  if (texts.note || texts.before === null || texts.after === null) return <p className="text-xs text-warn">{texts.note}</p>;
  const lines = lineDiff(texts.before, texts.after);
  return (
    <div role="region" aria-label={`Diff of ${displayPath(change.path)}`} className="max-h-[50vh] overflow-auto rounded-lg border border-line bg-sunken font-mono text-[12px] leading-5">
      {lines.map((l, i) => (
        <div key={i} className={cn("flex whitespace-pre", l.kind === "add" ? "bg-ok-soft" : l.kind === "del" ? "bg-err-soft" : "")}>
          <span className="w-9 shrink-0 pr-1 text-right text-faint select-none">{l.oldNo ?? ""}</span>
          <span className="w-9 shrink-0 pr-1 text-right text-faint select-none">{l.newNo ?? ""}</span>
          <span className="w-4 shrink-0 text-center select-none" aria-hidden="true">
            {l.kind === "add" ? "+" : l.kind === "del" ? "-" : " "}
          </span>
          <span className="pr-2">
            <span className="sr-only">{l.kind === "add" ? "added: " : l.kind === "del" ? "removed: " : ""}</span>
            {l.text}
          </span>
        </div>
      ))}
    </div>
  );
}

function chainLabel(t: ChainTurn, i: number, n: number): string {
  const id = t.interactionId.length > 14 ? `${t.interactionId.slice(0, 14)}…` : t.interactionId;
  return i === 0 ? `Turn ${n} (this turn)` : `Turn ${n - i} (${id})`;
}

function Compare({ backend, chain, n }: { backend: string; chain: ChainTurn[]; n: number }) {
  const here = chain[0]?.manifest;
  const earlier = chain.slice(1).map((t, i) => ({ t, i: i + 1 })).filter(({ t }) => t.manifest);
  const [against, setAgainst] = useState<string>(earlier[0]?.t.interactionId ?? "");
  const [open, setOpen] = useState<string | null>(null);
  const id = useId();
  const base = chain.find((t) => t.interactionId === against)?.manifest;
  const changes = useMemo(() => (here && base ? diffManifests(base.files, here.files) : []), [here, base]);
  if (!here) return <p className="text-xs text-faint">This backend keeps no per-turn manifest (the local engine does): there is nothing to compare.</p>;
  if (!earlier.length) return <p className="text-xs text-faint">No earlier agent turn in this chain to compare with.</p>;
  const counts = changeCounts(changes);
  const shown = changes.filter((c) => c.kind !== "unchanged");
  return (
    <div className="space-y-2">
      <Field label="Compare with" htmlFor={id}>
        <select id={id} value={against} onChange={(e) => { setAgainst(e.target.value); setOpen(null); }} className={inputClass}>
          {earlier.map(({ t, i }) => (
            <option key={t.interactionId} value={t.interactionId}>
              {chainLabel(t, i, n)}
            </option>
          ))}
        </select>
      </Field>
      <p className="text-xs text-muted" aria-label="Change summary">
        {counts.added} added · {counts.removed} removed · {counts.changed} changed · {counts.unchanged} unchanged
      </p>
      <ul aria-label="Changed files" className="divide-y divide-line rounded-lg border border-line">
        {shown.length ? null : <li className="p-2 text-xs text-faint">No file changed.</li>}
        {shown.map((c) => (
          <li key={c.path} aria-label={displayPath(c.path)} className="space-y-2 p-2">
            <div className="flex flex-wrap items-center gap-2">
              <Badge tone={KIND_TONE[c.kind]}>{c.kind}</Badge>
              <span className="min-w-0 flex-1 truncate font-mono text-xs">{displayPath(c.path)}</span>
              <span className="text-xs text-faint">
                {c.before ? formatBytes(c.before.size_bytes) : "—"} → {c.after ? formatBytes(c.after.size_bytes) : "—"}
              </span>
              <Button size="sm" variant="ghost" aria-expanded={open === c.path} aria-label={`${open === c.path ? "Hide" : "Show"} diff of ${displayPath(c.path)}`} onClick={() => setOpen(open === c.path ? null : c.path)}>
                {open === c.path ? "Hide diff" : "Diff"}
              </Button>
            </div>
            {open === c.path && base ? <TextDiff backend={backend} envs={{ before: base.environment_id, after: here.environment_id }} change={c} /> : null}
          </li>
        ))}
      </ul>
    </div>
  );
}

const TABS = ["Files", "Compare turns"] as const;

export default function EnvironmentBrowser({ backend, environmentId, interactionId, n, onClose }: EnvironmentBrowserProps) {
  const [tab, setTab] = useState<(typeof TABS)[number]>("Files");
  const [selected, setSelected] = useState<string | null>(null);
  const closeRef = useRef<HTMLButtonElement>(null);
  const qc = useQueryClient();
  const chain = useChainManifests(backend, interactionId);
  const live = useEnvironmentFiles(backend, environmentId);
  const manifest = chain.data?.[0]?.manifest ?? null;

  useEffect(() => {
    const opener = document.activeElement as HTMLElement | null;
    closeRef.current?.focus();
    return () => opener?.focus?.();
  }, []);
  // Keep a copy of this turn's small files while they still match its manifest (for later diffs).
  useEffect(() => {
    if (manifest) void snapshot(backend, environmentId, manifest.files);
  }, [backend, environmentId, manifest]);

  const shaOf = new Map((manifest?.files ?? []).map((f) => [f.path, f.sha256]));
  const livePaths = (live.data ?? []).filter((f) => f.type !== "directory" && !String(f.path).endsWith("/")).map((f) => String(f.path));
  const paths = manifest ? manifest.files.map((f) => f.path) : livePaths;
  const liveSet = new Set(livePaths);
  const rows = treeRows(paths);
  const sizes = new Map((manifest?.files ?? []).map((f) => [f.path, f.size_bytes]));

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === "Escape") {
      e.stopPropagation();
      onClose();
    }
  };

  return (
    <div className="fixed inset-0 z-50 flex items-stretch justify-end bg-black/40" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div role="dialog" aria-modal="true" aria-label={`Environment of turn ${n}`} onKeyDown={onKeyDown} className="flex h-full w-full max-w-4xl flex-col bg-panel text-fg shadow-xl">
        <header className="flex items-start gap-3 border-b border-line px-4 py-3">
          <div className="min-w-0 flex-1">
            <h2 className="text-base font-semibold">Environment of turn {n}</h2>
            <p className="truncate font-mono text-xs text-muted" title={environmentId}>
              {environmentId}
            </p>
            <p className="text-xs text-faint">
              {manifest ? `${manifest.files.length} files after this turn (the engine's manifest)` : "The environment's files now"}
              {backend === "local" ? " · local engine" : ""}
            </p>
          </div>
          <Button ref={closeRef} size="sm" variant="ghost" aria-label="Close environment" onClick={onClose}>
            Close
          </Button>
        </header>
        <div role="tablist" aria-label="Environment views" className="flex gap-1 border-b border-line px-3">
          {TABS.map((t) => (
            <button key={t} type="button" role="tab" aria-selected={tab === t} onClick={() => setTab(t)} className={cn("border-b-2 px-2 py-1.5 text-xs font-medium", tab === t ? "border-accent text-fg" : "border-transparent text-muted hover:text-fg")}>
              {t}
            </button>
          ))}
        </div>
        <div className="min-h-0 flex-1 overflow-y-auto p-3 sm:p-4" role="tabpanel" aria-label={tab}>
          {chain.isError ? (
            <p role="alert" className="text-xs text-err">
              {(chain.error as Error).message}
            </p>
          ) : null}
          {tab === "Files" ? (
            <div className="grid gap-3 md:grid-cols-[minmax(0,14rem)_minmax(0,1fr)]">
              <div className="space-y-2">
                {live.isError && !manifest ? (
                  <p role="alert" className="text-xs text-err">
                    {(live.error as Error).message}
                  </p>
                ) : null}
                {(chain.isPending || live.isPending) && !rows.length ? <p className="text-xs text-faint">Loading files…</p> : null}
                <ul role="tree" aria-label="Files" className="space-y-0.5">
                  {rows.map((r) =>
                    r.dir ? (
                      <li key={`d:${r.path}`} role="none" className="truncate font-mono text-xs text-faint" style={{ paddingLeft: `${r.depth * 0.75}rem` }}>
                        {r.name}/
                      </li>
                    ) : (
                      <li key={r.path} role="none">
                        <button
                          type="button"
                          role="treeitem"
                          aria-selected={selected === r.path}
                          aria-label={displayPath(r.path)}
                          onClick={() => setSelected(r.path)}
                          style={{ paddingLeft: `${r.depth * 0.75 + 0.25}rem` }}
                          className={cn("flex w-full items-center gap-1 rounded px-1 py-0.5 text-left font-mono text-xs", selected === r.path ? "bg-sunken text-fg" : "text-muted hover:text-fg")}
                        >
                          <span className="min-w-0 flex-1 truncate">{r.name}</span>
                          {sizes.has(r.path) ? <span className="text-[10px] text-faint">{formatBytes(sizes.get(r.path)!)}</span> : null}
                          {manifest && !liveSet.has(r.path) && live.data ? <span className="text-[10px] text-warn">gone</span> : null}
                        </button>
                      </li>
                    ),
                  )}
                  {!rows.length && !(chain.isPending || live.isPending) ? <li className="text-xs text-faint">No files.</li> : null}
                </ul>
                <Upload
                  backend={backend}
                  env={environmentId}
                  onDone={() => void qc.invalidateQueries({ queryKey: managedKeys.files(backend, environmentId) })}
                />
                {manifest && livePaths.some((p) => !shaOf.has(p)) ? (
                  <div className="space-y-1">
                    <p className="text-xs text-muted">Added since this turn:</p>
                    {livePaths
                      .filter((p) => !shaOf.has(p))
                      .map((p) => (
                        <button key={p} type="button" aria-label={displayPath(p)} onClick={() => setSelected(p)} className="block w-full truncate rounded px-1 text-left font-mono text-xs text-muted hover:text-fg">
                          {displayPath(p)}
                        </button>
                      ))}
                  </div>
                ) : null}
              </div>
              <div className="min-w-0">
                {selected ? (
                  liveSet.has(selected) || !live.data ? (
                    <Viewer backend={backend} env={environmentId} path={selected} expectSha={shaOf.get(selected)} />
                  ) : (
                    <p className="text-xs text-warn">{displayPath(selected)} is no longer in the environment (a later turn removed it).</p>
                  )
                ) : (
                  <p className="text-xs text-faint">Choose a file to view it.</p>
                )}
              </div>
            </div>
          ) : chain.data ? (
            <Compare backend={backend} chain={chain.data} n={n} />
          ) : (
            <p className="text-xs text-faint">Loading the chain…</p>
          )}
        </div>
      </div>
    </div>
  );
}
