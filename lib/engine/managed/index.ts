// Managed agents on the local engine: custom agents, environments with files, and the hooks the
// runner calls around each run — resolve a custom agent (merge rule in agents.ts), give the run a
// workspace (an environment for agent runs, an ephemeral one for model runs with code_execution),
// and record the workspace's manifest after every agent turn.
import type Database from "better-sqlite3";
import { mkdirSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { ApiError } from "@/lib/interactions/errors";
import { randomBase62 } from "../ids";
import type { RunWorkspace, Tool } from "../model/types";
import type { CreateRequest } from "../create-request";
import { Agents, checkAgentConfig, mergeAgent, type AgentRunSettings } from "./agents";
import { sandboxWorkspace, type SandboxApi } from "./code-exec";
import { cleanEnvId, Environments, inlineEnvironmentSchema, sandboxNetwork, type InlineEnvironment } from "./environments";
import type { SandboxNetwork } from "../sandbox";
import { ManagedStore } from "./store";
import { Uploads, type UploadLimits } from "./uploads";
import { Workspace, type ManifestEntry } from "./workspace";

export interface ManagedOptions {
  db: Database.Database;
  /** Host directory of the workspaces (ENGINE_WORKSPACES). */
  root: string;
  now: () => Date;
  idleTtlMs: number;
  limits: UploadLimits;
  sandbox: SandboxApi;
  /** Built-in agent ids the engine runs (custom agents sit on one of them). */
  isBuiltInAgent: (id: string) => boolean;
}

export interface ResolvedRun {
  /** The adapter id: a custom agent's base_agent, else the request's target. */
  target: string;
  settings: AgentRunSettings;
  customAgent?: string;
}

export interface OpenedRun {
  workspace?: RunWorkspace;
  /** Output-only fields for the interaction (environment_id). */
  echo: { environment_id?: string };
  /** After the terminal event: record the manifest, discard an ephemeral workspace. */
  close(interactionId: string, stored: boolean): void;
}

export interface Manifest {
  interaction_id: string;
  environment_id: string | null;
  created: string;
  files: ManifestEntry[];
}

const hasTool = (tools: unknown[] | undefined, type: string) => (tools ?? []).some((t) => (t as Tool)?.type === type);
const hasCodeExecution = (tools: unknown[] | undefined) => hasTool(tools, "code_execution");

export class Managed {
  readonly store: ManagedStore;
  readonly agents: Agents;
  readonly environments: Environments;
  readonly uploads: Uploads;

  constructor(private readonly opts: ManagedOptions) {
    this.store = new ManagedStore(opts.db);
    mkdirSync(opts.root, { recursive: true });
    this.agents = new Agents({ store: this.store, now: opts.now, isBuiltIn: opts.isBuiltInAgent });
    this.environments = new Environments({ store: this.store, root: opts.root, now: opts.now, idleTtlMs: opts.idleTtlMs });
    this.uploads = new Uploads(this.environments, opts.limits);
  }

  /** A custom agent's merged settings, or the request's own; checks agent_config against the loop. Throws 4xx. */
  resolve(req: CreateRequest): ResolvedRun {
    const b = req.body;
    const own: AgentRunSettings = {
      system_instruction: b.system_instruction,
      tools: b.tools,
      agent_config: b.agent_config,
      environment: b.environment,
    };
    if (req.kind !== "agent") return { target: req.target, settings: own };
    if (this.opts.isBuiltInAgent(req.target)) {
      checkAgentConfig(req.target, b.agent_config, "agent_config");
      return { target: req.target, settings: own };
    }
    const agent = this.agents.find(req.target);
    if (!agent) throw new ApiError("not_found", `Agent '${req.target}' was not found.`);
    checkAgentConfig(agent.base_agent, b.agent_config, "agent_config");
    const merged = mergeAgent(agent, own);
    // A chained turn keeps its parent's environment, as with built-in agents: the agent's base
    // environment seeds the first turn of a chain, not every turn (each would start afresh).
    if (own.environment === undefined && req.previousId && this.activeParentEnvironment(req.previousId)) delete merged.environment;
    return { target: merged.base_agent, settings: merged, customAgent: agent.id };
  }

  /**
   * The run's workspace. Agent runs always get an environment (as on the live service): the one
   * named, one made from an inline spec, the parent turn's when chaining without naming one, or a
   * new empty one. Model runs get an ephemeral workspace only with code_execution.
   */
  open(req: CreateRequest, resolved: ResolvedRun): OpenedRun {
    if (req.kind === "model") {
      // file_search on a model run searches the named environment's files (lib/engine/tools/file-search.ts).
      if (hasTool(resolved.settings.tools, "file_search") && resolved.settings.environment !== undefined) {
        const { row, workspace } = this.environments.use(this.environmentFor(resolved.settings.environment, undefined));
        return { workspace: this.runWorkspace(workspace, this.environments.settings(row).env, row.id, undefined), echo: { environment_id: row.id }, close: () => {} };
      }
      if (!hasCodeExecution(resolved.settings.tools)) return { echo: {}, close: () => {} };
      const ws = new Workspace(join(this.opts.root, "_ephemeral"), `run_${randomBase62(16)}`);
      ws.create();
      return {
        workspace: this.runWorkspace(ws, {}, undefined, undefined),
        echo: {},
        close: () => ws.remove(),
      };
    }
    const envId = this.environmentFor(resolved.settings.environment, req.previousId);
    const { row, workspace } = this.environments.use(envId);
    const settings = this.environments.settings(row);
    return {
      workspace: this.runWorkspace(workspace, settings.env, row.id, sandboxNetwork(settings.network)),
      echo: { environment_id: row.id },
      close: (interactionId, stored) => {
        if (!stored || !workspace.exists()) return;
        this.store.putManifest({
          interaction_id: interactionId,
          environment_id: row.id,
          json: JSON.stringify(workspace.manifest()),
          created_ms: this.opts.now().getTime(),
        });
        this.store.touchEnvironment(row.id, this.opts.now().getTime());
      },
    };
  }

  private environmentFor(spec: unknown, parentId: string | undefined): string {
    if (typeof spec === "string") {
      if (spec === "remote") return this.environments.createInline(undefined).id;
      return cleanEnvId(spec);
    }
    if (spec !== undefined) {
      const parsed = inlineEnvironmentSchema.safeParse(spec);
      if (!parsed.success) {
        const first = parsed.error.issues[0];
        throw new ApiError("invalid_request", `Invalid value at 'environment${first?.path.length ? "." + first.path.join(".") : ""}': ${first?.message ?? "invalid"}.`);
      }
      const inline: InlineEnvironment = parsed.data;
      if (inline.environment_id) return this.environments.update(cleanEnvId(inline.environment_id), inline).id;
      return this.environments.createInline(inline).id;
    }
    const parent = parentId ? this.activeParentEnvironment(parentId) : undefined;
    return parent ?? this.environments.createInline(undefined).id;
  }

  /** The environment the parent turn ran in, while it exists and has not expired. */
  private activeParentEnvironment(parentId: string): string | undefined {
    const parent = this.store.getManifest(parentId)?.environment_id;
    const row = parent ? this.store.getEnvironment(parent) : undefined;
    return row && this.opts.now().getTime() - row.accessed_ms <= this.opts.idleTtlMs ? row.id : undefined;
  }

  private runWorkspace(ws: Workspace, env: Record<string, string>, environmentId: string | undefined, network: SandboxNetwork | undefined): RunWorkspace {
    return sandboxWorkspace({
      sandbox: this.opts.sandbox,
      dir: ws.dir,
      env,
      environmentId,
      network,
      files: () => ws.manifest().map((f) => ({ path: f.path, size_bytes: f.size_bytes })),
    });
  }

  /** Forget every custom agent, environment (and its files) and manifest (POST /admin/reset). */
  reset(): void {
    this.uploads.clear();
    this.opts.db.exec(`DELETE FROM agents; DELETE FROM environments; DELETE FROM workspace_manifests;`);
    for (const name of readdirSync(this.opts.root)) rmSync(join(this.opts.root, name), { recursive: true, force: true });
  }

  manifest(interactionId: string): Manifest | undefined {
    const row = this.store.getManifest(interactionId);
    if (!row) return undefined;
    return {
      interaction_id: row.interaction_id,
      environment_id: row.environment_id,
      created: new Date(row.created_ms).toISOString(),
      files: JSON.parse(row.json) as ManifestEntry[],
    };
  }
}

export const pageQuerySchema = z.object({
  page_size: z.coerce.number().int().min(1).max(1000).optional(),
  page_token: z.string().max(500).optional(),
});

/** Opaque page tokens: the last row's (created_ms, id). */
export function encodePageToken(after: [number, string]): string {
  return Buffer.from(JSON.stringify(after)).toString("base64url");
}

export function decodePageToken(token: string | undefined): [number, string] {
  if (!token) return [-1, ""];
  try {
    const v = JSON.parse(Buffer.from(token, "base64url").toString("utf8")) as unknown;
    if (Array.isArray(v) && typeof v[0] === "number" && typeof v[1] === "string") return [v[0], v[1]];
  } catch {
    /* fall through */
  }
  throw new ApiError("invalid_request", "Invalid value at 'page_token': not a token this engine issued.");
}
