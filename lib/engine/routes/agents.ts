// `/{v}/agents`: the built-in agents the engine runs (read-only) and custom agents (create, list
// paged, get, delete) persisted in the engine store. Custom agents are listed after the built-ins.
import type { Hono } from "hono";
import { ApiError } from "@/lib/interactions/errors";
import { jsonResponse, readJsonBody } from "../http";
import { createAgentSchema, type CustomAgent } from "../managed/agents";
import { decodePageToken, encodePageToken, pageQuerySchema, type Managed } from "../managed";
import { fail } from "@/lib/contract/request-rules";
import { redactToolSecrets } from "@/lib/interactions/tool-secrets";

export interface AgentRouteDeps {
  managed: Managed;
  maxBodyBytes: number;
  /** Built-in agents the engine can run, as `{id, description}`. */
  builtIns: () => { id: string; description: string }[];
}

/** The agent as the API shows it: MCP header values (often bearer tokens) never come back. */
function resource(a: CustomAgent): Record<string, unknown> {
  return (a.tools ? { ...a, tools: redactToolSecrets(a.tools) } : a) as unknown as Record<string, unknown>;
}

export function mountAgentRoutes(app: Hono, version: string, deps: AgentRouteDeps): void {
  const { managed } = deps;
  app.post(`${version}/agents`, async (c) => {
    const raw = await readJsonBody(c.req.raw, deps.maxBodyBytes);
    const parsed = createAgentSchema.safeParse(raw);
    if (!parsed.success) fail(parsed.error.issues);
    return jsonResponse(resource(managed.agents.create(parsed.data)));
  });
  app.get(`${version}/agents`, (c) => {
    const q = pageQuerySchema.safeParse(c.req.query());
    if (!q.success) fail(q.error.issues);
    const size = q.data.page_size ?? 50;
    // Built-ins have no rows: they lead the first page, custom agents follow in creation order.
    const first = q.data.page_token === undefined;
    const builtIns = first ? deps.builtIns() : [];
    const { rows, last } = managed.agents.list(decodePageToken(q.data.page_token), size);
    const agents = [...builtIns, ...rows.map(resource)];
    const more = rows.length === size && last ? managed.agents.list(last, 1).rows.length > 0 : false;
    return jsonResponse({ agents, ...(more && last ? { next_page_token: encodePageToken(last) } : {}) });
  });
  app.get(`${version}/agents/:id`, (c) => {
    const id = c.req.param("id");
    const builtIn = deps.builtIns().find((a) => a.id === id);
    if (builtIn) return jsonResponse(builtIn);
    return jsonResponse(resource(managed.agents.get(id)));
  });
  app.delete(`${version}/agents/:id`, (c) => {
    const id = c.req.param("id");
    if (deps.builtIns().some((a) => a.id === id)) throw new ApiError("invalid_request", `'${id}' is a built-in agent and cannot be deleted.`);
    managed.agents.delete(id);
    return jsonResponse({});
  });
}
