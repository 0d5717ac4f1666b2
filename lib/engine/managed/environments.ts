// Environments on the local engine: a row (settings + timestamps) and a workspace directory on
// disk. Sources are written into the workspace when the environment is created (inline text or
// base64; a fork copies another environment's files). `network` is "disabled" (the default) or an
// allowlist of domains `{allowlist: [{domain}]}`, validated by the sandbox's own rules
// (normalizeAllowlist: no bare IPs, no wildcard for everything, no localhost); the code steps of
// runs in the environment then reach those domains only, through the engine's egress proxy
// (docs/sandbox.md). A fork inherits the network unless its body names one. An environment idle
// for longer than the TTL reads as
// `expired` and refuses further use (its files stay until it is deleted).
import { writeFileSync } from "node:fs";
import { z } from "zod";
import { ApiError } from "@/lib/interactions/errors";
import { randomBase62 } from "../ids";
import { MAX_ALLOWLIST_ENTRIES, normalizeAllowlist } from "../sandbox/egress-proxy";
import type { SandboxNetwork } from "../sandbox";
import type { EnvironmentRow, ManagedStore } from "./store";
import { parseRelativePath, Workspace } from "./workspace";

export const sourceSchema = z.strictObject({
  type: z.string().optional(),
  source: z.string().optional(),
  target: z.string().optional(),
  content: z.string().optional(),
  encoding: z.string().optional(),
});
export type Source = z.infer<typeof sourceSchema>;

const envVarSchema = z.union([z.string(), z.strictObject({ value: z.string().optional(), credential: z.string().optional() })]);
// EnvironmentNetworkEgressAllowlist (d.ts:4792) or "disabled"; entries are checked in checkNetwork.
const allowlistEntrySchema = z.strictObject({
  domain: z.string(),
  credential: z.string().optional(),
  transform: z.union([z.record(z.string(), z.string()), z.array(z.record(z.string(), z.string()))]).optional(),
});
const networkSchema = z.union([z.string(), z.strictObject({ allowlist: z.union([z.string(), z.array(allowlistEntrySchema)]).optional() })]);
type NetworkSpec = z.infer<typeof networkSchema>;

/** What an environment stores and echoes: "disabled" or normalised domains. */
export type EnvironmentNetwork = "disabled" | { allowlist: { domain: string }[] };

export const createEnvironmentSchema = z.strictObject({
  from_environment: z.string().min(1).optional(),
  network: networkSchema.optional(),
  sources: z.array(sourceSchema).max(1000).optional(),
  env: z.record(z.string(), envVarSchema).optional(),
});
export type CreateEnvironmentBody = z.infer<typeof createEnvironmentSchema>;

/** `environment` on an interaction or an agent's `base_environment` (Environment_2). */
export const inlineEnvironmentSchema = z.strictObject({
  type: z.literal("remote"),
  environment_id: z.string().min(1).optional(),
  network: networkSchema.optional(),
  sources: z.array(sourceSchema).max(1000).optional(),
  env: z.record(z.string(), envVarSchema).optional(),
});
export type InlineEnvironment = z.infer<typeof inlineEnvironmentSchema>;

interface Settings {
  sources: Source[];
  env: Record<string, string>;
  network: EnvironmentNetwork;
  forked_from?: string;
}

export interface EnvironmentsOptions {
  store: ManagedStore;
  /** Host directory holding one folder per environment. */
  root: string;
  now: () => Date;
  /** Idle time after which an environment is `expired`. */
  idleTtlMs: number;
}

export function bad(message: string): ApiError {
  return new ApiError("invalid_request", message);
}

function notFound(id: string): ApiError {
  return new ApiError("not_found", `Environment '${id}' was not found.`);
}

/** `environments/{id}` or `{id}` → `{id}`. */
export function cleanEnvId(raw: string): string {
  return raw.replace(/^environments\//, "");
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

function checkNetwork(network: NetworkSpec | undefined): EnvironmentNetwork {
  if (network === undefined || network === "disabled") return "disabled";
  if (typeof network === "string") throw bad(`Invalid value at 'network': "${network.slice(0, 80)}"; use "disabled" or {allowlist: [{domain: "api.example.com"}]}.`);
  const list = network.allowlist;
  if (list === undefined || list === "disabled") return "disabled";
  if (typeof list === "string") throw bad(`Invalid value at 'network.allowlist': "${list.slice(0, 80)}"; use "disabled" or a list of {domain} entries.`);
  if (list.length > MAX_ALLOWLIST_ENTRIES) throw bad(`Invalid value at 'network.allowlist': more than ${MAX_ALLOWLIST_ENTRIES} entries.`);
  if (list.length === 0) return "disabled";
  const domains = new Set<string>();
  list.forEach((entry, i) => {
    const at = `Invalid value at 'network.allowlist[${i}]`;
    if (entry.credential !== undefined) throw bad(`${at}.credential': credential references are not available on the local engine.`);
    if (entry.transform !== undefined)
      throw bad(`${at}.transform': the local engine's egress proxy does not inject headers; leave 'transform' out and send headers from the code.`);
    if (entry.domain.trim() === "*") throw bad(`${at}.domain': "*" would allow every domain; the local engine only reaches domains named one by one (or "*.example.com").`);
    try {
      for (const d of normalizeAllowlist([entry.domain])) domains.add(d);
    } catch (err) {
      throw bad(`${at}.domain': ${err instanceof Error ? err.message : String(err)}.`);
    }
  });
  return { allowlist: [...domains].map((domain) => ({ domain })) };
}

/** The sandbox's network for code steps of runs in an environment with these settings. */
export function sandboxNetwork(network: EnvironmentNetwork | undefined): SandboxNetwork {
  return network && network !== "disabled" ? { mode: "allowlist", domains: network.allowlist.map((e) => e.domain) } : { mode: "disabled" };
}

function checkEnv(env: Record<string, string | { value?: string; credential?: string }> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, v] of Object.entries(env ?? {})) {
    if (!/^[A-Za-z_][A-Za-z0-9_]{0,127}$/.test(name)) throw bad(`Invalid environment variable name '${name.slice(0, 80)}'.`);
    if (typeof v === "string") out[name] = v;
    else if (v.credential !== undefined)
      throw bad(`Environment variable '${name}': credential references are not available on the local engine; pass a plain value.`);
    else if (v.value !== undefined) out[name] = v.value;
    else throw bad(`Environment variable '${name}' has neither a value nor a credential.`);
    if (out[name]!.includes("\0")) throw bad(`Environment variable '${name}' contains a NUL byte.`);
  }
  return out;
}

/** Validate sources and decode them to (path, bytes) before anything is written. */
function decodeSources(sources: Source[]): { segs: string[]; bytes: Buffer }[] {
  return sources.map((s, i) => {
    const type = s.type ?? (s.content !== undefined ? "inline" : undefined);
    if (type === "gcs" || type === "repository" || type === "skill_registry")
      throw bad(`sources[${i}]: '${type}' sources need the network, which the local engine does not have; use inline sources (text or base64) or upload files.`);
    if (type !== "inline") throw bad(`sources[${i}]: unknown source type '${String(s.type)}'; the local engine takes 'inline' sources.`);
    if (s.source !== undefined) throw bad(`sources[${i}]: inline sources take 'content' and 'target', not 'source'.`);
    if (s.content === undefined) throw bad(`sources[${i}]: an inline source needs 'content'.`);
    if (!s.target) throw bad(`sources[${i}]: an inline source needs 'target' (its path in the workspace, e.g. "data/input.csv").`);
    const segs = parseRelativePath(s.target, `sources[${i}].target`);
    let bytes: Buffer;
    if (s.encoding === undefined || s.encoding === "utf-8" || s.encoding === "utf8") bytes = Buffer.from(s.content, "utf8");
    else if (s.encoding === "base64") {
      const compact = s.content.replace(/\s+/g, "");
      if (compact.length % 4 !== 0 || !BASE64.test(compact)) throw bad(`sources[${i}]: 'content' is not valid base64.`);
      bytes = Buffer.from(compact, "base64");
    } else throw bad(`sources[${i}]: unknown encoding '${s.encoding}'; use "base64" or leave it out for text.`);
    return { segs, bytes };
  });
}

export class Environments {
  constructor(readonly opts: EnvironmentsOptions) {}

  workspace(id: string): Workspace {
    return new Workspace(this.opts.root, id);
  }

  private row(id: string): EnvironmentRow {
    const row = this.opts.store.getEnvironment(cleanEnvId(id));
    if (!row) throw notFound(id);
    return row;
  }

  private expired(row: EnvironmentRow): boolean {
    return this.opts.now().getTime() - row.accessed_ms > this.opts.idleTtlMs;
  }

  /** The row of an environment that can be used (exists, not expired); marks it accessed. */
  use(id: string): { row: EnvironmentRow; workspace: Workspace } {
    const row = this.row(id);
    if (this.expired(row))
      throw bad(`Environment '${row.id}' has expired (idle for more than ${Math.round(this.opts.idleTtlMs / 3_600_000)} h); create a new one, or fork it with from_environment.`);
    const ws = this.workspace(row.id);
    if (!ws.exists()) ws.create();
    this.opts.store.touchEnvironment(row.id, this.opts.now().getTime());
    return { row, workspace: ws };
  }

  settings(row: EnvironmentRow): Settings {
    const s = JSON.parse(row.json) as Settings;
    return { ...s, network: s.network ?? "disabled" };
  }

  create(body: CreateEnvironmentBody): Record<string, unknown> {
    if (body.from_environment !== undefined && (body.sources?.length || body.env)) throw bad("'from_environment' forks an environment as it is: leave 'sources' and 'env' empty.");
    const network = checkNetwork(body.network);
    let settings: Settings;
    let from: Workspace | undefined;
    if (body.from_environment !== undefined) {
      const src = this.use(body.from_environment);
      from = src.workspace;
      const inherited = this.settings(src.row);
      settings = { ...inherited, network: body.network === undefined ? inherited.network : network, forked_from: src.row.id };
    } else {
      settings = { sources: body.sources ?? [], env: checkEnv(body.env), network };
    }
    const files = from ? [] : decodeSources(settings.sources);
    return this.resource(this.insert(settings, files, from));
  }

  /** A new environment for an interaction's inline `environment` (or "remote"). */
  createInline(spec: InlineEnvironment | undefined): EnvironmentRow {
    const settings: Settings = { sources: spec?.sources ?? [], env: checkEnv(spec?.env), network: checkNetwork(spec?.network) };
    return this.insert(settings, decodeSources(settings.sources));
  }

  /** Apply an inline spec's sources/env to an existing environment (`environment_id` in the spec). */
  update(id: string, spec: InlineEnvironment): EnvironmentRow {
    const network = spec.network === undefined ? undefined : checkNetwork(spec.network);
    const env = checkEnv(spec.env);
    const files = decodeSources(spec.sources ?? []);
    const { row, workspace } = this.use(id);
    for (const f of files) workspace.resolveForWrite(f.segs); // refuse links before writing anything
    const settings = this.settings(row);
    const next: Settings = { ...settings, sources: [...settings.sources, ...(spec.sources ?? [])], env: { ...settings.env, ...env }, ...(network ? { network } : {}) };
    this.writeFiles(workspace, files);
    this.opts.store.updateEnvironment(row.id, JSON.stringify(next), this.opts.now().getTime());
    return this.row(row.id);
  }

  private insert(settings: Settings, files: { segs: string[]; bytes: Buffer }[], from?: Workspace): EnvironmentRow {
    const id = `env_${randomBase62(20)}`;
    const ws = this.workspace(id);
    ws.create();
    try {
      if (from) ws.copyFrom(from);
      this.writeFiles(ws, files);
    } catch (err) {
      ws.remove();
      throw err;
    }
    const now = this.opts.now().getTime();
    const row: EnvironmentRow = { id, json: JSON.stringify(settings), created_ms: now, updated_ms: now, accessed_ms: now };
    this.opts.store.insertEnvironment(row);
    return row;
  }

  private writeFiles(ws: Workspace, files: { segs: string[]; bytes: Buffer }[]): void {
    for (const f of files) {
      const staged = `${ws.staging}/src_${randomBase62(12)}`;
      writeFileSync(staged, f.bytes);
      ws.commitFile(staged, f.segs);
    }
  }

  get(id: string): Record<string, unknown> {
    return this.resource(this.row(id));
  }

  list(after: [number, string], limit: number): EnvironmentRow[] {
    return this.opts.store.listEnvironments(after, limit);
  }

  delete(id: string): void {
    const row = this.row(id);
    this.opts.store.deleteEnvironment(row.id);
    this.workspace(row.id).remove();
  }

  resource(row: EnvironmentRow): Record<string, unknown> {
    const settings = this.settings(row);
    const usage = this.workspace(row.id).usage();
    return {
      id: row.id,
      created: new Date(row.created_ms).toISOString(),
      updated: new Date(row.updated_ms).toISOString(),
      last_accessed: new Date(row.accessed_ms).toISOString(),
      status: this.expired(row) ? "expired" : "active",
      file_count: String(usage.files),
      size_bytes: String(usage.bytes),
      network: settings.network,
      // Inline content is in the files; the resource names where each source went.
      sources: settings.sources.map((s) => ({ type: s.type ?? "inline", target: s.target, ...(s.encoding ? { encoding: s.encoding } : {}) })),
    };
  }
}
