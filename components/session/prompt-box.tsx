"use client";
// The prompt box: Enter sends, Shift+Enter breaks the line, Esc stops the running turn.
// Attachments (image, audio, PDF) are read as base64 and shown as chips until sent.
import { useRef, useState, type KeyboardEvent } from "react";
import { useDrafts, selectAttachments } from "@/lib/client/drafts-store";
import { attachmentKind, base64FromDataUrl, type Attachment } from "@/lib/client/turn-model";
import { Button, IconButton } from "@/components/ui/button";
import { FileIcon, PaperclipIcon, SendIcon, StopIcon, XIcon } from "@/components/ui/icons";
import { formatBytes } from "./content-view";

/** Inline payloads beyond this are better uploaded as files; the proxy's body limit applies anyway. */
const MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024;

function readFile(file: File): Promise<Attachment> {
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onerror = () => reject(r.error ?? new Error("read failed"));
    r.onload = () =>
      resolve({
        id: `${file.name}-${file.size}-${Math.random().toString(36).slice(2, 8)}`,
        name: file.name,
        mimeType: file.type,
        size: file.size,
        data: base64FromDataUrl(String(r.result)),
      });
    r.readAsDataURL(file);
  });
}

export function PromptBox({
  sessionId,
  running,
  note,
  onSend,
  onStop,
}: {
  sessionId: string;
  running: boolean;
  note?: string | null;
  /** Resolves to an error message to show, or null when the turn started. */
  onSend: (text: string, attachments: Attachment[]) => Promise<string | null>;
  onStop: () => void;
}) {
  const text = useDrafts((s) => s.prompts[sessionId] ?? "");
  const attachments = useDrafts(selectAttachments(sessionId));
  const setPrompt = useDrafts((s) => s.setPrompt);
  const addAttachments = useDrafts((s) => s.addAttachments);
  const removeAttachment = useDrafts((s) => s.removeAttachment);
  const clearDraft = useDrafts((s) => s.clearDraft);
  const [error, setError] = useState<string | null>(null);
  const fileRef = useRef<HTMLInputElement>(null);
  const canSend = !running && (text.trim().length > 0 || attachments.length > 0);

  const [sending, setSending] = useState(false);
  async function send() {
    if (!canSend || sending) return;
    setSending(true);
    const err = await onSend(text, attachments);
    setSending(false);
    setError(err);
    if (!err) clearDraft(sessionId);
  }

  function onKeyDown(e: KeyboardEvent<HTMLTextAreaElement>) {
    if (e.key === "Enter" && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      void send();
    } else if (e.key === "Escape" && running) {
      e.preventDefault();
      onStop();
    }
  }

  async function onFiles(files: FileList | null) {
    if (!files?.length) return;
    const ok: File[] = [];
    const problems: string[] = [];
    for (const f of Array.from(files)) {
      if (!attachmentKind(f.type)) problems.push(`${f.name}: only images, audio and PDF can be attached`);
      else if (f.size > MAX_ATTACHMENT_BYTES) problems.push(`${f.name}: larger than ${formatBytes(MAX_ATTACHMENT_BYTES)}`);
      else ok.push(f);
    }
    try {
      addAttachments(sessionId, await Promise.all(ok.map(readFile)));
    } catch (e) {
      problems.push(`Could not read a file: ${(e as Error).message}`);
    }
    setError(problems.length ? problems.join("; ") : null);
    if (fileRef.current) fileRef.current.value = "";
  }

  return (
    <form
      aria-label="Prompt form"
      onSubmit={(e) => {
        e.preventDefault();
        void send();
      }}
      className="rounded-xl border border-line bg-panel shadow-card focus-within:border-accent focus-within:ring-2 focus-within:ring-ring"
    >
      {attachments.length ? (
        <ul aria-label="Attachments to send" className="flex flex-wrap gap-2 px-3 pt-3">
          {attachments.map((a) => (
            <li key={a.id} className="inline-flex max-w-full items-center gap-1.5 rounded-lg border border-line bg-raised py-1 pr-1 pl-1.5 text-xs">
              {attachmentKind(a.mimeType) === "image" ? (
                // eslint-disable-next-line @next/next/no-img-element -- local preview of a picked file
                <img src={`data:${a.mimeType};base64,${a.data}`} alt="" className="h-7 w-7 rounded object-cover" />
              ) : (
                <FileIcon size={14} className="text-muted" />
              )}
              <span className="max-w-[12rem] truncate" title={a.name}>
                {a.name}
              </span>
              <span className="text-faint">{formatBytes(a.size)}</span>
              <IconButton size="sm" aria-label={`Remove attachment ${a.name}`} className="h-6 w-6" onClick={() => removeAttachment(sessionId, a.id)}>
                <XIcon size={12} />
              </IconButton>
            </li>
          ))}
        </ul>
      ) : null}
      <textarea
        aria-label="Prompt"
        value={text}
        onChange={(e) => setPrompt(sessionId, e.target.value)}
        onKeyDown={onKeyDown}
        rows={2}
        placeholder="Type a prompt — Enter to send, Shift+Enter for a new line, Esc to stop"
        className="block max-h-64 min-h-[3.25rem] w-full resize-none bg-transparent px-3 pt-3 pb-1 text-sm text-fg [field-sizing:content] placeholder:text-faint focus:outline-none focus-visible:outline-none"
      />
      <div className="flex items-center gap-2 px-2 pb-2">
        <label
          className="inline-flex h-8 cursor-pointer items-center gap-1.5 rounded-lg px-2 text-xs text-muted hover:bg-sunken hover:text-fg focus-within:ring-2 focus-within:ring-ring"
          title="Attach an image, audio file or PDF"
        >
          <PaperclipIcon size={14} />
          <span className="hidden sm:inline">Attach</span>
          <input
            ref={fileRef}
            type="file"
            aria-label="Attach file"
            multiple
            accept="image/*,audio/*,application/pdf"
            className="sr-only"
            onChange={(e) => void onFiles(e.target.files)}
          />
        </label>
        {note ? <p className="min-w-0 flex-1 truncate text-xs text-warn" title={note}>{note}</p> : <span className="flex-1" />}
        {running ? (
          <Button variant="danger" onClick={onStop} title="Stop the running turn (Esc)">
            <StopIcon size={13} />
            Stop
          </Button>
        ) : null}
        <Button type="submit" variant="primary" disabled={!canSend || sending} title="Send (Enter)">
          <SendIcon size={14} />
          Send
        </Button>
      </div>
      {error ? (
        <p role="alert" className="border-t border-line px-3 py-2 text-xs text-err">
          {error}
        </p>
      ) : null}
    </form>
  );
}
