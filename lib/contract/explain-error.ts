// The error explainer: the live service's string codes and messages (reference §12) mapped to
// their likely causes, the fix, the request field at fault and, for the known faults, the public
// report. Browser-safe (no Node, no server imports): the session pane shows it on every error card
// and failed turn. Rules are tried in order; the first whose test matches explains the error, and
// the field at fault is read from the message ("Invalid value at 'tools[0].parameters.required'",
// 'Unknown name "contents"') when the rule does not name one.

export interface ErrorLike {
  /** String code (`invalid_request`, `not_found`, …) or a numeric google.rpc / HTTP code. */
  code?: string | number;
  message?: string;
  httpStatus?: number;
}

export interface PublicReport {
  label: string;
  url: string;
}

export interface Explanation {
  /** One line: what kind of error this is. */
  title: string;
  causes: string[];
  fix: string;
  /** The request field at fault (a path into the create body), when known. */
  field?: string;
  /** For a known fault of the live service: the public report. */
  report?: PublicReport;
}

const report = (repo: "js-genai" | "python-genai", n: number): PublicReport => ({
  label: `googleapis/${repo}#${n}`,
  url: `https://github.com/googleapis/${repo}/issues/${n}`,
});

interface Rule {
  test: (e: { code: string; message: string; status: number }) => boolean;
  explain: (e: { code: string; message: string; status: number }) => Explanation;
}

const is = (...codes: string[]) => (e: { code: string }) => codes.includes(e.code);

const RULES: Rule[] = [
  {
    test: (e) => /turn_list|step_list/i.test(e.message),
    explain: () => ({
      title: "Input in the old turn-list shape",
      causes: ["`input` holds turns (`role` / `parts`), the generateContent shape; the Interactions API takes steps."],
      fix: 'Send a string, or steps: [{"type":"user_input","content":[{"type":"text","text":"…"}]}] (and model_output steps for earlier answers).',
      field: "input",
    }),
  },
  {
    test: (e) => /generateContent schema|Unknown name "contents"|upgrade/i.test(e.message),
    explain: () => ({
      title: "Legacy generateContent request schema",
      causes: ["The body uses generateContent fields (`contents`, `generationConfig`, `systemInstruction`) instead of the Interactions fields."],
      fix: "Use `input`, `generation_config` and `system_instruction` (snake_case), or call the SDK's `interactions.create`.",
      field: "contents",
    }),
  },
  {
    test: (e) => /empty "?required"? list|required: \[\]|\.required'/i.test(e.message),
    explain: (e) => ({
      title: "Empty `required` list in a tool schema",
      causes: ["A function's JSON Schema has `required: []`; the live service refuses it (some schema generators emit it)."],
      fix: "Omit `required` when no property is required.",
      field: fieldOf(e.message) ?? "tools[].parameters.required",
    }),
  },
  {
    test: (e) => /function_result|function result/i.test(e.message) && /\bname\b|call_id|result/.test(e.message),
    explain: (e) => ({
      title: "Incomplete function result",
      causes: ["A `function_result` needs `name`, `call_id` and `result`; a missing one, or an extra unknown field, is refused."],
      fix: "Send {type:\"function_result\", call_id: <the call's id>, name: <the function's name>, result: …}.",
      field: fieldOf(e.message) ?? "input",
    }),
  },
  {
    test: (e) => /signature/i.test(e.message) && e.status === 400,
    explain: (e) => ({
      title: "Function call replayed without its signature",
      causes: ["Inline history (store: false) repeats a `function_call` without the `signature` the model returned; thinking models refuse it."],
      fix: "Round-trip each step's `signature` unchanged, or chain with previous_interaction_id instead of replaying history.",
      field: fieldOf(e.message) ?? "input",
    }),
  },
  {
    test: (e) => /Method not found/i.test(e.message),
    explain: (e) => ({
      title: "Method not found",
      causes: [
        /cancel/i.test(e.message)
          ? "Cancel answered the old `404 Method not found`: a known fault of the live service (cancel was not routed)."
          : "The path or HTTP method is not an Interactions operation (create, get, cancel, delete).",
        "A proxy or base URL that drops the version segment (`/v1beta/`) gives the same answer.",
      ],
      fix: /cancel/i.test(e.message)
        ? "Retry later, or stop reading the stream and let the run finish; check the SDK version."
        : "Check the URL: /{version}/interactions[/{id}[/cancel]].",
      report: /cancel/i.test(e.message) ? report("js-genai", 1254) : undefined,
    }),
  },
  {
    test: is("prohibited_content", "content_blocked", "blocked", "safety"),
    explain: () => ({
      title: "Blocked by the content filter",
      causes: ["The input or the output tripped the safety filter.", "The refused interaction is not stored: a GET of its id answers 404."],
      fix: "Rephrase the input, or adjust `safety_settings` where the category allows it. Streamed, this arrives as an `error` event, not an HTTP error.",
      field: "input",
      report: report("js-genai", 1973),
    }),
  },
  {
    test: is("not_implemented", "unimplemented"),
    explain: (e) => ({
      title: "Not implemented",
      causes: [
        "Chaining (previous_interaction_id) after a parent that used built-in tools (code execution, search, URL context) — a known regression of the live service.",
        ...(/local engine/i.test(e.message) ? ["The local engine does not serve this resource family yet."] : []),
      ],
      fix: "Start a new chain, or send the history inline with store: false.",
      field: /local engine/i.test(e.message) ? undefined : "previous_interaction_id",
      report: /local engine/i.test(e.message) ? undefined : report("js-genai", 1694),
    }),
  },
  {
    test: (e) => e.code === "not_found" || (e.status === 404 && !e.code),
    explain: (e) => ({
      title: "Interaction not found",
      causes: [
        "The id is wrong, was deleted, or belongs to another project or key.",
        "It was created with store: false (nothing to get or chain on).",
        "It expired: stored interactions last 55 days on the paid tier, 1 day on the free tier.",
        "A background interaction can answer 404 for a few seconds right after its create (a known fault).",
      ],
      fix: "Check the id and `store`; right after a background create, retry the GET after a short wait.",
      field: /previous_interaction_id/.test(e.message) ? "previous_interaction_id" : fieldOf(e.message),
      report: report("python-genai", 2985),
    }),
  },
  {
    test: (e) => ["resource_exhausted", "rate_limited", "rate_limit_exceeded"].includes(e.code) || e.status === 429,
    explain: () => ({
      title: "Rate limit or quota exhausted",
      causes: ["Too many requests or tokens per minute for this key's tier, or the daily quota is used up."],
      fix: "Wait for `retry-after` and retry with backoff (the SDK retries 429 by itself), send fewer requests at once, or raise the quota.",
    }),
  },
  {
    test: (e) => ["unauthenticated", "api_key_invalid"].includes(e.code) || e.status === 401,
    explain: () => ({
      title: "Not authenticated",
      causes: ["No API key reached the service, or the key is invalid or revoked."],
      fix: "Set the Gemini key in Settings (or GEMINI_API_KEY on the server) and pick the gemini backend.",
    }),
  },
  {
    test: (e) => e.code === "permission_denied" || e.status === 403,
    explain: () => ({
      title: "Permission denied",
      causes: ["The key has no access to this model or agent, the API is not enabled for its project, or the region is not supported."],
      fix: "Check the key's project and the model id; try a generally available model.",
      field: "model",
    }),
  },
  {
    test: (e) => /Unknown (?:model|agent)/i.test(e.message),
    explain: (e) => ({
      title: "Unknown model or agent",
      causes: ["The id is misspelled, retired, or not served by this backend (the local engine serves gemini-*, gemma-* and local-sim on its simulator)."],
      fix: "Pick a model from the list in Run settings.",
      field: /agent/i.test(e.message) ? "agent" : "model",
    }),
  },
  {
    test: (e) => /Unknown name "([^"]+)"/.test(e.message),
    explain: (e) => ({
      title: "Unknown field",
      causes: ["The request has a field the API does not know; validation is strict (e.g. presence_penalty, frequency_penalty)."],
      fix: "Remove the field, or check its spelling (snake_case).",
      field: unknownName(e.message),
    }),
  },
  {
    test: (e) => e.code === "invalid_request" || e.code === "invalid_argument" || e.status === 400,
    explain: (e) => ({
      title: "Invalid request",
      causes: ["A field has a value the API refuses; the message names it."],
      fix: "Correct the field the message names and send again.",
      field: fieldOf(e.message),
    }),
  },
  {
    test: (e) => e.status >= 500 || ["internal", "unavailable", "deadline_exceeded"].includes(e.code),
    explain: () => ({
      title: "Server error",
      causes: ["A transient failure on the service side, or a request that ran past its deadline."],
      fix: "Retry with backoff; for long runs use background: true and poll.",
    }),
  },
];

function fieldOf(message: string): string | undefined {
  const at = /Invalid value at '([^']+)'/.exec(message)?.[1];
  if (at) return at;
  return unknownName(message);
}

function unknownName(message: string): string | undefined {
  const m = /Unknown name "([^"]+)"(?: at '([^']+)')?/.exec(message);
  if (!m) return undefined;
  return m[2] ? `${m[2]}.${m[1]}` : m[1];
}

/** Explain an error from the API (HTTP envelope, SSE error event or a failed turn's error). */
export function explainError(err: ErrorLike): Explanation | undefined {
  const code = typeof err.code === "string" ? err.code.toLowerCase().replace(/^.*\//, "") : "";
  const status = err.httpStatus ?? (typeof err.code === "number" && err.code >= 100 ? err.code : 0);
  const e = { code, message: err.message ?? "", status };
  if (!e.code && !e.message && !e.status) return undefined;
  return RULES.find((r) => r.test(e))?.explain(e);
}
