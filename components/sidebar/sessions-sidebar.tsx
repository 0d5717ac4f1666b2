"use client";
// Sessions from the app's record (GET /api/sessions?q=): search, open, rename, delete, new.
import Link from "next/link";
import { useParams, useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import type { Session } from "@/lib/contract/app-api";
import { useDrafts } from "@/lib/client/drafts-store";
import { useDeleteSession, useRenameSession, useSessions } from "@/lib/client/queries";
import { newSessionId } from "@/lib/client/session-id";
import { useUi } from "@/lib/client/ui-store";
import { Button, IconButton } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { inputClass } from "@/components/ui/field";
import { IntentLink } from "@/components/ui/intent-link";
import { ChatIcon, PencilIcon, PlusIcon, SearchIcon, TrashIcon, XIcon } from "@/components/ui/icons";
import { Spinner } from "@/components/ui/spinner";

function toMs(v: number | string): number {
  return typeof v === "number" ? v : Date.parse(v);
}

export function relativeTime(v: number | string, now = Date.now()): string {
  const ms = toMs(v);
  if (!Number.isFinite(ms)) return "";
  const s = Math.max(0, Math.round((now - ms) / 1000));
  if (s < 45) return "just now";
  const m = Math.round(s / 60);
  if (m < 60) return `${m} min ago`;
  const h = Math.round(m / 60);
  if (h < 24) return `${h} h ago`;
  const d = Math.round(h / 24);
  if (d < 7) return `${d} d ago`;
  return new Date(ms).toLocaleDateString();
}

function SessionRow({ s, active, onNavigate }: { s: Session; active: boolean; onNavigate: () => void }) {
  const router = useRouter();
  const rename = useRenameSession();
  const del = useDeleteSession();
  const dropDrafts = useDrafts((st) => st.dropSession);
  const [mode, setMode] = useState<"view" | "rename" | "confirm">("view");
  const [title, setTitle] = useState(s.title);
  const inputRef = useRef<HTMLInputElement>(null);
  const name = s.title || "Untitled session";

  useEffect(() => {
    if (mode === "rename") inputRef.current?.select();
  }, [mode]);

  if (mode === "rename") {
    return (
      <form
        className="flex items-center gap-1 px-2 py-1"
        onSubmit={(e) => {
          e.preventDefault();
          const t = title.trim();
          if (t && t !== s.title) rename.mutate({ id: s.id, title: t });
          setMode("view");
        }}
      >
        <input
          ref={inputRef}
          aria-label="Session title"
          value={title}
          maxLength={200}
          onChange={(e) => setTitle(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === "Escape") {
              setTitle(s.title);
              setMode("view");
            }
          }}
          className={cn(inputClass, "h-8 py-1")}
        />
        <Button type="submit" size="sm" variant="primary">
          Save
        </Button>
      </form>
    );
  }

  if (mode === "confirm") {
    return (
      <div className="space-y-1.5 rounded-lg bg-err-soft px-2.5 py-2 text-xs" role="group" aria-label={`Delete ${name}?`}>
        <p className="text-err">
          Delete <strong className="break-all">{name}</strong> and its {s.turn_count} recorded turn{s.turn_count === 1 ? "" : "s"}?
        </p>
        <div className="flex gap-1.5">
          <Button
            size="sm"
            variant="danger"
            disabled={del.isPending}
            onClick={() =>
              del.mutate(s.id, {
                onSuccess: () => {
                  dropDrafts(s.id);
                  if (active) router.push(`/sessions/${newSessionId()}`);
                },
                onSettled: () => setMode("view"),
              })
            }
          >
            Confirm delete
          </Button>
          <Button size="sm" variant="secondary" onClick={() => setMode("view")}>
            Cancel
          </Button>
        </div>
      </div>
    );
  }

  return (
    <div className={cn("group relative flex items-center rounded-lg", active ? "bg-accent-soft" : "hover:bg-sunken")}>
      <Link
        href={`/sessions/${s.id}`}
        onClick={onNavigate}
        aria-current={active ? "page" : undefined}
        className="min-w-0 flex-1 px-2.5 py-2 focus-visible:rounded-lg"
      >
        <span className={cn("block truncate text-sm", active ? "font-medium text-accent" : "text-fg")}>{name}</span>
        <span className="block text-[11px] text-faint">
          {s.turn_count} turn{s.turn_count === 1 ? "" : "s"} · {relativeTime(s.updated)}
        </span>
      </Link>
      {/* On wide screens the actions float over the title's end on hover/focus, so titles use the full width. */}
      <div
        className={cn(
          "flex shrink-0 items-center pr-1 transition-opacity",
          "lg:absolute lg:inset-y-0 lg:right-0 lg:rounded-r-lg lg:pl-3 lg:opacity-0 lg:group-focus-within:opacity-100 lg:group-hover:opacity-100",
          active ? "lg:bg-accent-soft" : "lg:bg-sunken",
        )}
      >
        <IconButton size="sm" aria-label={`Rename session ${name}`} onClick={() => (setTitle(s.title), setMode("rename"))}>
          <PencilIcon size={13} />
        </IconButton>
        <IconButton size="sm" aria-label={`Delete session ${name}`} className="hover:text-err" onClick={() => setMode("confirm")}>
          <TrashIcon size={13} />
        </IconButton>
      </div>
    </div>
  );
}

export function SessionsSidebar() {
  const params = useParams<{ id?: string }>();
  const activeId = typeof params?.id === "string" ? params.id : undefined;
  const router = useRouter();
  const [q, setQ] = useState("");
  const [debounced, setDebounced] = useState("");
  useEffect(() => {
    const t = setTimeout(() => setDebounced(q.trim()), 200);
    return () => clearTimeout(t);
  }, [q]);
  const sessions = useSessions(debounced);
  const closeNarrow = useUi((s) => s.closeNarrow);
  const list = sessions.data?.sessions ?? [];

  return (
    <div className="flex h-full min-h-0 flex-col">
      <div className="flex items-center gap-2 px-3 pt-3 pb-2">
        {/* eslint-disable-next-line @next/next/no-img-element -- a tiny static svg */}
        <img src="/icon.svg" alt="" width={22} height={22} className="rounded-md" />
        <span className="text-sm font-semibold tracking-tight">Interactions Playground</span>
        <IconButton size="sm" aria-label="Close sessions" className="ml-auto lg:hidden" onClick={() => closeNarrow("sidebar")}>
          <XIcon size={14} />
        </IconButton>
      </div>
      <div className="space-y-2 px-3 pb-2">
        <Button
          variant="primary"
          className="w-full"
          onClick={() => {
            closeNarrow();
            router.push(`/sessions/${newSessionId()}`);
          }}
        >
          <PlusIcon size={14} />
          New session
        </Button>
        <nav aria-label="Playground pages" className="flex gap-1 text-xs">
          <IntentLink href="/jobs" onClick={() => closeNarrow()} className="rounded-md px-2 py-1 text-muted hover:bg-sunken hover:text-fg">
            Background jobs
          </IntentLink>
          <IntentLink href="/webhooks" onClick={() => closeNarrow()} className="rounded-md px-2 py-1 text-muted hover:bg-sunken hover:text-fg">
            Webhooks
          </IntentLink>
        </nav>
        <div className="relative">
          <SearchIcon size={14} className="pointer-events-none absolute top-1/2 left-2.5 -translate-y-1/2 text-faint" />
          <input
            type="search"
            aria-label="Search sessions"
            placeholder="Search titles and turns"
            value={q}
            onChange={(e) => setQ(e.target.value)}
            className={cn(inputClass, "pl-8")}
          />
        </div>
      </div>
      <nav aria-label="Sessions" className="min-h-0 flex-1 overflow-y-auto px-2 pb-3">
        {sessions.isPending ? (
          <p className="flex items-center gap-2 px-2 py-3 text-xs text-muted">
            <Spinner /> Loading sessions…
          </p>
        ) : sessions.isError ? (
          <p role="alert" className="px-2 py-3 text-xs text-err">
            Could not load sessions: {sessions.error.message}
          </p>
        ) : list.length === 0 ? (
          <div className="px-2 py-6 text-center text-xs text-muted">
            <ChatIcon size={18} className="mx-auto mb-2 text-faint" />
            {debounced ? `No session matches “${debounced}”.` : "No sessions yet. Send a prompt to start one."}
          </div>
        ) : (
          <ul className="space-y-0.5">
            {list.map((s) => (
              <li key={s.id}>
                <SessionRow s={s} active={s.id === activeId} onNavigate={() => closeNarrow("sidebar")} />
              </li>
            ))}
          </ul>
        )}
      </nav>
    </div>
  );
}
