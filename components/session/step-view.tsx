"use client";
// One component per step type of the reference (§4); anything else gets a readable generic card.
// Live and stored turns render through these same components.
import { memo, useState, type ReactNode } from "react";
import { ErrorExplainer } from "./error-explainer";
import type { Content, Step } from "@/lib/interactions/types";
import { stepToMarkdown } from "@/lib/client/turn-model";
import { Badge, type Tone } from "@/components/ui/badge";
import { cn } from "@/components/ui/cn";
import { CopyButton } from "@/components/ui/copy-button";
import { ChevronIcon } from "@/components/ui/icons";
import { AttachmentChip, ContentList } from "./content-view";
import { CodeBlock, JsonBlock } from "./markdown";

const isContentArray = (v: unknown): v is Content[] =>
  Array.isArray(v) && v.length > 0 && v.every((x) => x && typeof x === "object" && typeof (x as { type?: unknown }).type === "string");

function Mono({ children, className }: { children: ReactNode; className?: string }) {
  return <span className={cn("font-mono text-[12px]", className)}>{children}</span>;
}

/** The shell of every tool/call/result card. */
function Card({
  kind,
  title,
  meta,
  tone = "neutral",
  children,
  label,
}: {
  kind: string;
  title?: ReactNode;
  meta?: ReactNode;
  tone?: Tone;
  children?: ReactNode;
  label: string;
}) {
  return (
    <section
      aria-label={label}
      className={cn(
        "overflow-hidden rounded-lg border bg-raised",
        tone === "err" ? "border-err/50" : tone === "warn" ? "border-warn/40" : "border-line",
      )}
    >
      <header className="flex flex-wrap items-center gap-x-2 gap-y-1 border-b border-line bg-sunken/60 px-3 py-1.5 text-xs">
        <Badge tone={tone}>{kind}</Badge>
        {title ? <span className="min-w-0 font-medium break-all text-fg">{title}</span> : null}
        {meta ? <span className="ml-auto flex flex-wrap items-center gap-2 text-faint">{meta}</span> : null}
      </header>
      {children ? <div className="space-y-2 px-3 py-2 text-sm">{children}</div> : null}
    </section>
  );
}

/** A function/MCP/code result: text, content items, or JSON. */
function ResultValue({ value }: { value: unknown }) {
  if (value === undefined) return <p className="text-xs text-faint">No result field.</p>;
  if (typeof value === "string")
    return <pre className="max-h-80 overflow-auto rounded-md bg-code p-2 font-mono text-[12px] whitespace-pre-wrap">{value}</pre>;
  if (isContentArray(value)) return <ContentList items={value} />;
  return <JsonBlock value={value} />;
}

function ErrorFlag({ isError }: { isError?: unknown }) {
  return isError ? <Badge tone="err">is_error</Badge> : null;
}

function Signature({ value }: { value: unknown }) {
  if (typeof value !== "string" || !value) return null;
  const short = value.length > 18 ? `${value.slice(0, 10)}…${value.slice(-6)}` : value;
  return (
    <span className="inline-flex items-center gap-1" title={`signature (${value.length} chars)`}>
      <span>signature</span>
      <Mono className="text-faint">{short}</Mono>
    </span>
  );
}

// ---------------------------------------------------------------------------------------------

function UserInput({ step }: { step: Step }) {
  const content = step.content ?? [];
  const texts = content.filter((c) => c.type === "text");
  const files = content.filter((c) => c.type !== "text");
  return (
    <section aria-label="User input" className="rounded-lg bg-user px-3 py-2">
      <p className="mb-1 text-[11px] font-semibold tracking-wide text-muted uppercase">You</p>
      {texts.map((c, i) => (
        <p key={i} className="text-sm whitespace-pre-wrap break-words">
          {c.text}
        </p>
      ))}
      {files.length ? (
        <div className="mt-2 flex flex-wrap gap-2" aria-label="Attachments">
          {files.map((c, i) => (
            <AttachmentChip key={i} c={c} />
          ))}
        </div>
      ) : null}
    </section>
  );
}

function ModelOutput({ step, streaming }: { step: Step; streaming?: boolean }) {
  const err = step.error as { code?: unknown; message?: unknown } | undefined;
  const content = step.content ?? [];
  return (
    <section aria-label="Model output" className="group relative">
      {content.length ? <ContentList items={content} streaming={streaming} /> : streaming ? <div className="caret"><div className="md" /></div> : null}
      {err ? (
        <div role="alert" className="mt-2 rounded-md bg-err-soft px-2 py-1 text-xs text-err">
          Model error{err.code !== undefined ? ` ${String(err.code)}` : ""}: {String(err.message ?? "")}
          <ErrorExplainer error={{ code: typeof err.code === "number" || typeof err.code === "string" ? err.code : undefined, message: String(err.message ?? "") }} />
        </div>
      ) : null}
      {content.some((c) => c.type === "text" && c.text) && !streaming ? (
        <div className="mt-1 flex justify-end">
          <CopyButton label="Copy as markdown" text={() => stepToMarkdown(step)}>
            <span>Copy as markdown</span>
          </CopyButton>
        </div>
      ) : null}
    </section>
  );
}

function Thought({ step, streaming }: { step: Step; streaming?: boolean }) {
  const summary = step.summary ?? [];
  const first = summary.find((c) => c.type === "text")?.text?.trim().split("\n")[0] ?? "";
  const [open, setOpen] = useState(false);
  return (
    <section aria-label="Thought" className="rounded-lg border border-dashed border-line-strong">
      <button
        type="button"
        aria-expanded={open}
        onClick={() => setOpen((o) => !o)}
        className="flex w-full items-center gap-2 px-3 py-1.5 text-left text-xs text-muted hover:text-fg"
      >
        <ChevronIcon size={12} className={cn("shrink-0 transition-transform", open && "rotate-90")} />
        <span className="font-medium">{streaming && !summary.length ? "Thinking…" : "Thought"}</span>
        {!open && first ? <span className="min-w-0 truncate italic">{first}</span> : null}
        {!summary.length && !streaming ? <span className="text-faint">(no summary)</span> : null}
        <span className="ml-auto shrink-0">
          <Signature value={step.signature} />
        </span>
      </button>
      {open ? (
        <div className="border-t border-dashed border-line-strong px-3 py-2 text-muted">
          {summary.length ? <ContentList items={summary} /> : <p className="text-xs">The model returned no thought summary.</p>}
        </div>
      ) : null}
    </section>
  );
}

function FunctionCall({ step }: { step: Step }) {
  return (
    <Card kind="function_call" label={`Function call ${step.name ?? ""}`} title={<Mono>{step.name}</Mono>} meta={<Mono>id {step.id}</Mono>} tone="warn">
      <JsonBlock value={step.arguments ?? {}} />
    </Card>
  );
}

function FunctionResult({ step }: { step: Step }) {
  return (
    <Card
      kind="function_result"
      label={`Function result ${step.name ?? ""}`}
      title={step.name ? <Mono>{step.name}</Mono> : undefined}
      tone={step.is_error ? "err" : "neutral"}
      meta={
        <>
          <ErrorFlag isError={step.is_error} />
          <Mono>call_id {step.call_id}</Mono>
        </>
      }
    >
      <ResultValue value={step.result} />
    </Card>
  );
}

function CodeExecutionCall({ step }: { step: Step }) {
  const args = (step.arguments ?? {}) as { code?: string; language?: string };
  return (
    <Card kind="code_execution_call" label="Code execution call" title={args.language ?? "code"} meta={<><Signature value={step.signature} /><Mono>id {step.id}</Mono></>}>
      {args.code ? <CodeBlock code={args.code} language={args.language === "bash" ? "bash" : "python"} /> : <JsonBlock value={step.arguments} />}
    </Card>
  );
}

function CodeExecutionResult({ step }: { step: Step }) {
  return (
    <Card
      kind="code_execution_result"
      label="Code execution result"
      tone={step.is_error ? "err" : "ok"}
      meta={<><ErrorFlag isError={step.is_error} /><Mono>call_id {step.call_id}</Mono></>}
    >
      <ResultValue value={step.result} />
    </Card>
  );
}

function GoogleSearchCall({ step }: { step: Step }) {
  const queries = ((step.arguments ?? {}) as { queries?: unknown }).queries;
  return (
    <Card
      kind="google_search_call"
      label="Google Search call"
      title={typeof step.search_type === "string" ? step.search_type : "web search"}
      meta={<><Signature value={step.signature} /><Mono>id {step.id}</Mono></>}
    >
      {Array.isArray(queries) && queries.length ? (
        <ul className="flex flex-wrap gap-1.5">
          {queries.map((q, i) => (
            <li key={i} className="rounded-full border border-line bg-sunken px-2 py-0.5 text-xs">
              {String(q)}
            </li>
          ))}
        </ul>
      ) : (
        <JsonBlock value={step.arguments ?? {}} />
      )}
    </Card>
  );
}

function GoogleSearchResult({ step }: { step: Step }) {
  const items = Array.isArray(step.result) ? (step.result as Record<string, unknown>[]) : [];
  return (
    <Card
      kind="google_search_result"
      label="Google Search result"
      tone={step.is_error ? "err" : "neutral"}
      meta={<><ErrorFlag isError={step.is_error} /><Mono>call_id {step.call_id}</Mono></>}
    >
      {items.length === 0 ? <ResultValue value={step.result} /> : null}
      {items.map((item, i) => {
        const { search_suggestions, ...rest } = item;
        return (
          <div key={i} className="space-y-1">
            {typeof search_suggestions === "string" ? (
              <details>
                <summary className="cursor-pointer text-xs text-muted">Search suggestions widget ({search_suggestions.length} chars of HTML)</summary>
                {/* Untrusted HTML: an iframe with an empty sandbox runs no script and shares no origin. */}
                <iframe title="Search suggestions" sandbox="" srcDoc={search_suggestions} className="mt-1 h-28 w-full rounded border border-line bg-white" />
              </details>
            ) : null}
            {Object.keys(rest).length ? <JsonBlock value={rest} /> : null}
          </div>
        );
      })}
    </Card>
  );
}

function UrlContextCall({ step }: { step: Step }) {
  const urls = ((step.arguments ?? {}) as { urls?: unknown }).urls;
  return (
    <Card kind="url_context_call" label="URL context call" meta={<><Signature value={step.signature} /><Mono>id {step.id}</Mono></>}>
      {Array.isArray(urls) ? (
        <ul className="space-y-0.5 text-xs">
          {urls.map((u, i) => (
            <li key={i} className="break-all">
              <a href={String(u)} target="_blank" rel="noreferrer noopener" className="text-accent underline underline-offset-2">
                {String(u)}
              </a>
            </li>
          ))}
        </ul>
      ) : (
        <JsonBlock value={step.arguments ?? {}} />
      )}
    </Card>
  );
}

function UrlContextResult({ step }: { step: Step }) {
  const items = Array.isArray(step.result) ? (step.result as { url?: unknown; status?: unknown }[]) : null;
  return (
    <Card
      kind="url_context_result"
      label="URL context result"
      tone={step.is_error ? "err" : "neutral"}
      meta={<><ErrorFlag isError={step.is_error} /><Mono>call_id {step.call_id}</Mono></>}
    >
      {items ? (
        <ul className="space-y-1 text-xs">
          {items.map((r, i) => (
            <li key={i} className="flex items-center gap-2">
              <Badge tone={r.status === "success" ? "ok" : r.status ? "err" : "neutral"}>{String(r.status ?? "unknown")}</Badge>
              <span className="min-w-0 break-all">{String(r.url ?? "")}</span>
            </li>
          ))}
        </ul>
      ) : (
        <ResultValue value={step.result} />
      )}
    </Card>
  );
}

function McpCall({ step }: { step: Step }) {
  return (
    <Card
      kind="mcp_server_tool_call"
      label={`MCP tool call ${step.name ?? ""}`}
      title={
        <>
          <Mono className="text-faint">{String(step.server_name ?? "")}</Mono>
          {step.server_name ? " · " : ""}
          <Mono>{step.name}</Mono>
        </>
      }
      meta={<Mono>id {step.id}</Mono>}
      tone="warn"
    >
      <JsonBlock value={step.arguments ?? {}} />
    </Card>
  );
}

function McpResult({ step }: { step: Step }) {
  return (
    <Card
      kind="mcp_server_tool_result"
      label={`MCP tool result ${step.name ?? ""}`}
      title={step.name ? <Mono>{step.name}</Mono> : undefined}
      meta={<><ErrorFlag isError={step.is_error} /><Mono>call_id {step.call_id}</Mono></>}
    >
      <ResultValue value={step.result} />
    </Card>
  );
}

function FileSearchCall({ step }: { step: Step }) {
  return <Card kind="file_search_call" label="File search call" title="Searching file stores" meta={<><Signature value={step.signature} /><Mono>id {step.id}</Mono></>} />;
}

function FileSearchResult({ step }: { step: Step }) {
  return (
    <Card kind="file_search_result" label="File search result" meta={<Mono>call_id {step.call_id}</Mono>}>
      {step.result !== undefined ? <ResultValue value={step.result} /> : <p className="text-xs text-faint">The step carries no result items.</p>}
    </Card>
  );
}

function GenericStep({ step }: { step: Step }) {
  const { type, ...rest } = step;
  const ref = step.id ? `id ${step.id}` : step.call_id ? `call_id ${step.call_id}` : null;
  return (
    <Card kind={type} label={`Step ${type}`} meta={ref ? <Mono>{ref}</Mono> : undefined}>
      {Object.keys(rest).length ? <JsonBlock value={rest} /> : <p className="text-xs text-faint">No fields.</p>}
    </Card>
  );
}

export const StepView = memo(function StepView({ step, streaming }: { step: Step; streaming?: boolean }) {
  switch (step.type) {
    case "user_input":
      return <UserInput step={step} />;
    case "model_output":
      return <ModelOutput step={step} streaming={streaming} />;
    case "thought":
      return <Thought step={step} streaming={streaming} />;
    case "function_call":
      return <FunctionCall step={step} />;
    case "function_result":
      return <FunctionResult step={step} />;
    case "code_execution_call":
      return <CodeExecutionCall step={step} />;
    case "code_execution_result":
      return <CodeExecutionResult step={step} />;
    case "google_search_call":
      return <GoogleSearchCall step={step} />;
    case "google_search_result":
      return <GoogleSearchResult step={step} />;
    case "url_context_call":
      return <UrlContextCall step={step} />;
    case "url_context_result":
      return <UrlContextResult step={step} />;
    case "mcp_server_tool_call":
      return <McpCall step={step} />;
    case "mcp_server_tool_result":
      return <McpResult step={step} />;
    case "file_search_call":
      return <FileSearchCall step={step} />;
    case "file_search_result":
      return <FileSearchResult step={step} />;
    default:
      return <GenericStep step={step} />;
  }
});
