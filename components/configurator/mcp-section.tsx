"use client";
// MCP servers: saved entries (name, URL, headers kept on the server and shown masked), whether
// each is used in requests, "Test connection" (the server's tools, listed by our server with the
// engine's MCP client) with checkboxes that fill allowed_tools, and a note when the chosen backend
// cannot reach the server. The request carries {type: "mcp_server", name, url, allowed_tools};
// the proxy injects the saved headers (docs/configurator.md, "MCP servers").
import { useEffect, useId, useState } from "react";
import { mcpReachNote } from "@/lib/client/configurator/capabilities";
import { mcpServersApi, useInvalidateMcpServers, useMcpServers, type McpServerView, type McpTestResult } from "@/lib/client/configurator/mcp-client";
import { useConfigurator } from "@/lib/client/configurator/store";
import type { McpServerRef } from "@/lib/client/configurator/types";
import { useSettings } from "@/lib/client/settings-store";
import { Button } from "@/components/ui/button";
import { Field, inputClass } from "@/components/ui/field";
import { Toggle } from "@/components/ui/toggle";
import { cn } from "@/components/ui/cn";
import { ConfigSection } from "./section";

interface HeaderRow {
  key: string;
  name: string;
  value: string;
  /** The saved mask when this header already has a value on the server (empty value = keep it). */
  masked?: string;
}

let rowSeq = 0;
const newRow = (h?: Partial<HeaderRow>): HeaderRow => ({ key: `h${++rowSeq}`, name: "", value: "", ...h });

/** The add/edit form. Header values typed here go to the server once and are never shown again. */
function EntryForm({ entry, onDone }: { entry?: McpServerView; onDone: (saved?: McpServerView) => void }) {
  const ids = { name: useId(), url: useId() };
  const [name, setName] = useState(entry?.name ?? "");
  const [url, setUrl] = useState(entry?.url ?? "");
  const [rows, setRows] = useState<HeaderRow[]>(() => entry?.headers.map((h) => newRow({ name: h.name, masked: h.masked })) ?? []);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const label = entry ? `Edit MCP server ${entry.name}` : "New MCP server";

  const save = async () => {
    setError(null);
    const named = rows.filter((r) => r.name.trim() || r.value);
    const renamedWithoutValue = named.find((r) => r.masked && !r.value && !entry?.headers.some((h) => h.name.toLowerCase() === r.name.trim().toLowerCase()));
    if (renamedWithoutValue) return setError(`Header "${renamedWithoutValue.name.trim()}" was renamed: type its value again.`);
    setBusy(true);
    try {
      const saved = entry
        ? await mcpServersApi.update(entry.id, { name: name.trim(), url: url.trim(), headers: named.map((r) => ({ name: r.name.trim(), ...(r.value ? { value: r.value } : {}) })) })
        : await mcpServersApi.create({ name: name.trim(), url: url.trim(), headers: named.map((r) => ({ name: r.name.trim(), value: r.value })) });
      onDone(saved);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      aria-label={label}
      className="space-y-2 rounded-lg border border-line bg-raised p-2.5"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <div className="grid gap-2 sm:grid-cols-[1fr_2fr]">
        <Field label="Server name" htmlFor={ids.name} hint="Letters, digits, _ . -; sent as the tool's name.">
          <input id={ids.name} value={name} onChange={(e) => setName(e.target.value)} placeholder="weather" autoComplete="off" className={cn(inputClass, "font-mono")} />
        </Field>
        <Field label="Server URL" htmlFor={ids.url}>
          <input id={ids.url} value={url} onChange={(e) => setUrl(e.target.value)} placeholder="https://mcp.example.com/mcp" autoComplete="off" inputMode="url" className={cn(inputClass, "font-mono")} />
        </Field>
      </div>
      <fieldset className="space-y-1.5">
        <legend className="text-xs font-medium text-muted">Headers (kept on the server, never shown again)</legend>
        {rows.map((r, i) => (
          <div key={r.key} className="flex flex-wrap items-center gap-1.5">
            <input
              aria-label={`Header ${i + 1} name`}
              value={r.name}
              placeholder="Authorization"
              autoComplete="off"
              onChange={(e) => setRows(rows.map((x) => (x.key === r.key ? { ...x, name: e.target.value } : x)))}
              className={cn(inputClass, "w-full font-mono sm:w-40")}
            />
            <input
              aria-label={`Header ${i + 1} value`}
              type="password"
              value={r.value}
              placeholder={r.masked ? `${r.masked} (unchanged)` : "Bearer …"}
              autoComplete="new-password"
              onChange={(e) => setRows(rows.map((x) => (x.key === r.key ? { ...x, value: e.target.value } : x)))}
              className={cn(inputClass, "min-w-0 flex-1 font-mono")}
            />
            <Button size="sm" variant="ghost" aria-label={`Remove header ${i + 1}`} onClick={() => setRows(rows.filter((x) => x.key !== r.key))}>
              Remove
            </Button>
          </div>
        ))}
        <Button size="sm" onClick={() => setRows([...rows, newRow()])}>
          + Add header
        </Button>
      </fieldset>
      {error ? (
        <p role="alert" className="text-xs text-err">
          {error}
        </p>
      ) : null}
      <div className="flex flex-wrap gap-1.5">
        <Button type="submit" size="sm" variant="primary" disabled={busy}>
          {entry ? "Save changes" : "Save MCP server"}
        </Button>
        <Button size="sm" variant="ghost" onClick={() => onDone()}>
          Cancel
        </Button>
      </div>
    </form>
  );
}

type TestState = { state: "idle" } | { state: "testing" } | { state: "ok"; result: McpTestResult } | { state: "err"; message: string };

function EntryCard({ entry, ref_ }: { entry: McpServerView; ref_: McpServerRef | undefined }) {
  const backend = useSettings((s) => s.backend);
  const add = useConfigurator((s) => s.addMcpServer);
  const set = useConfigurator((s) => s.setMcpServer);
  const remove = useConfigurator((s) => s.removeMcpServer);
  const invalidate = useInvalidateMcpServers();
  const [editing, setEditing] = useState(false);
  const [test, setTest] = useState<TestState>({ state: "idle" });
  const [deleteError, setDeleteError] = useState<string | null>(null);
  const used = !!ref_?.enabled;
  const note = mcpReachNote(entry.reach, backend);
  const allowed = ref_?.allowedTools ?? null;

  const runTest = async () => {
    setTest({ state: "testing" });
    try {
      setTest({ state: "ok", result: await mcpServersApi.test(entry.id) });
    } catch (e) {
      setTest({ state: "err", message: (e as Error).message });
    }
  };

  const tick = (tool: string, on: boolean) => {
    const cur = allowed ?? [];
    const next = on ? [...new Set([...cur, tool])] : cur.filter((t) => t !== tool);
    if (!ref_) add({ id: entry.id, name: entry.name, url: entry.url, allowedTools: next.length ? next : null });
    else set(entry.id, { enabled: true, allowedTools: next.length ? next : null });
  };

  if (editing) {
    return (
      <EntryForm
        entry={entry}
        onDone={(saved) => {
          setEditing(false);
          if (saved) {
            setTest({ state: "idle" });
            void invalidate();
          }
        }}
      />
    );
  }

  return (
    <article aria-label={`MCP server ${entry.name}`} className="space-y-2 rounded-lg border border-line bg-raised p-2.5">
      <div className="flex flex-wrap items-start justify-between gap-2">
        <div className="min-w-48 flex-1">
          <Toggle
            label={<span className="font-mono">{entry.name}</span>}
            aria-label={`Use MCP server ${entry.name}`}
            hint={<span className="break-all font-mono">{entry.url}</span>}
            checked={used}
            onChange={(e) => (ref_ ? set(entry.id, { enabled: e.target.checked }) : add({ id: entry.id, name: entry.name, url: entry.url }))}
          />
        </div>
        <div className="flex flex-wrap gap-1.5">
          <Button size="sm" onClick={() => void runTest()} disabled={test.state === "testing"} aria-label={`Test connection to ${entry.name}`}>
            {test.state === "testing" ? "Testing…" : "Test connection"}
          </Button>
          <Button size="sm" variant="ghost" onClick={() => setEditing(true)} aria-label={`Edit MCP server ${entry.name}`}>
            Edit
          </Button>
          <Button
            size="sm"
            variant="ghost"
            aria-label={`Delete MCP server ${entry.name}`}
            onClick={async () => {
              setDeleteError(null);
              try {
                await mcpServersApi.remove(entry.id);
                remove(entry.id);
                void invalidate();
              } catch (e) {
                setDeleteError((e as Error).message);
              }
            }}
          >
            Delete
          </Button>
        </div>
      </div>
      {entry.headers.length ? (
        <ul aria-label={`Headers of ${entry.name}`} className="space-y-0.5 font-mono text-xs text-muted">
          {entry.headers.map((h) => (
            <li key={h.name}>
              {h.name}: {h.masked}
            </li>
          ))}
        </ul>
      ) : (
        <p className="text-xs text-faint">No headers.</p>
      )}
      {note ? <p className={cn("text-xs", note.tone === "warn" ? "text-warn" : "text-faint")}>{note.text}</p> : null}
      {deleteError ? (
        <p role="alert" className="text-xs text-err">
          {deleteError}
        </p>
      ) : null}
      {test.state === "err" ? (
        <p role="alert" className="text-xs text-err">
          Test connection failed: {test.message}
        </p>
      ) : null}
      {test.state === "ok" ? (
        <fieldset className="space-y-1">
          <legend className="text-xs text-muted">
            {test.result.tools.length} tool{test.result.tools.length === 1 ? "" : "s"} listed by {entry.name}. Tick tools to send them as allowed_tools (none ticked = every tool).
          </legend>
          {test.result.tools.map((t) => (
            <label key={t.name} className="flex items-start gap-2 text-xs">
              <input type="checkbox" aria-label={`Allow tool ${t.name}`} className="mt-0.5" checked={!!allowed?.includes(t.name)} onChange={(e) => tick(t.name, e.target.checked)} />
              <span>
                <span className="font-mono">{t.name}</span>
                {t.description ? <span className="text-faint"> — {t.description}</span> : null}
              </span>
            </label>
          ))}
        </fieldset>
      ) : allowed?.length ? (
        <p className="text-xs text-faint">
          Allowed tools: <span className="font-mono">{allowed.join(", ")}</span> (Test connection to change them)
        </p>
      ) : null}
    </article>
  );
}

export function McpSection() {
  const list = useMcpServers();
  const refs = useConfigurator((s) => s.mcpServers);
  const add = useConfigurator((s) => s.addMcpServer);
  const remove = useConfigurator((s) => s.removeMcpServer);
  const sync = useConfigurator((s) => s.syncMcpServers);
  const invalidate = useInvalidateMcpServers();
  const [adding, setAdding] = useState(false);
  const servers = list.data?.servers;

  useEffect(() => {
    if (servers) sync(servers);
  }, [servers, sync]);

  const missing = refs.filter((r) => r.missing);
  return (
    <ConfigSection title="MCP servers" id="cfg-mcp" aside={<span className="text-xs text-faint">headers stay on the server; the proxy adds them</span>}>
      {list.error ? (
        <p role="alert" className="text-xs text-err">
          Could not load the saved MCP servers: {(list.error as Error).message}
        </p>
      ) : null}
      {servers && !servers.length && !adding ? <p className="text-xs text-faint">No MCP servers saved yet.</p> : null}
      <div className="space-y-2">
        {servers?.map((s) => (
          <EntryCard key={s.id} entry={s} ref_={refs.find((r) => r.id === s.id)} />
        ))}
      </div>
      {missing.map((r) => (
        <p key={r.id} role="alert" className="flex flex-wrap items-center gap-2 text-xs text-err">
          MCP server “{r.name}” ({r.url}) is used by this configuration but not saved on this server.
          <Button size="sm" variant="ghost" aria-label={`Stop using MCP server ${r.name}`} onClick={() => remove(r.id)}>
            Remove
          </Button>
        </p>
      ))}
      {adding ? (
        <EntryForm
          onDone={(saved) => {
            setAdding(false);
            if (saved) {
              add({ id: saved.id, name: saved.name, url: saved.url });
              void invalidate();
            }
          }}
        />
      ) : (
        <Button size="sm" variant="primary" onClick={() => setAdding(true)}>
          + Add MCP server
        </Button>
      )}
    </ConfigSection>
  );
}
