import { describe, expect, it } from "vitest";
import { createAgentSchema } from "@/lib/engine/managed/agents";
import { parseCreateBody } from "@/lib/contract/request-rules";
import { DEFAULT_SETTINGS } from "@/lib/client/turn-model";
import { agentConfigDraftOf, agentConfigOf, builderDraftOf, builderToCreateBody, DEFAULT_AGENT_CONFIG, DEFAULT_BUILDER, int64String, type AgentBuilderDraft, type AgentConfigDraft } from "./agents";
import { applyConfigurator, planWithConfigurator } from "./request";
import { sanitizeDraft } from "./sanitize";
import { DEFAULT_CONFIGURATOR } from "./types";

const cfg = (patch: Partial<AgentConfigDraft>): AgentConfigDraft => ({ ...structuredClone(DEFAULT_AGENT_CONFIG), enabled: true, ...patch });

describe("agent_config mapping", () => {
  it("off sends nothing", () => {
    expect(agentConfigOf(DEFAULT_AGENT_CONFIG, "deep-research-preview-04-2026")).toEqual({ ok: true, value: undefined });
  });

  it("deep-research carries only the fields given", () => {
    expect(agentConfigOf(cfg({ type: "deep-research" }))).toEqual({ ok: true, value: { type: "deep-research" } });
    const full = cfg({ type: "deep-research", deepResearch: { collaborativePlanning: true, thinkingSummaries: "auto", visualization: "off" } });
    expect(agentConfigOf(full, "deep-research-preview-04-2026")).toEqual({ ok: true, value: { type: "deep-research", collaborative_planning: true, thinking_summaries: "auto", visualization: "off" } });
  });

  it("antigravity: max_total_tokens is an int64 sent as a decimal string", () => {
    const d = cfg({ type: "antigravity", antigravity: { model: " gemini-3.5-pro ", maxTotalTokens: "250_000" } });
    expect(agentConfigOf(d, "antigravity-preview")).toEqual({ ok: true, value: { type: "antigravity", model: "gemini-3.5-pro", max_total_tokens: "250000" } });
    // Past 2^53 stays exact (a JS number would not).
    expect(int64String("m", "9223372036854775807")).toEqual({ ok: true, value: "9223372036854775807" });
    expect(int64String("m", "9223372036854775808").ok).toBe(false);
    expect(int64String("m", "0").ok).toBe(false);
    expect(int64String("m", "1.5")).toEqual({ ok: false, error: "m must be a whole number" });
    expect(int64String("m", "")).toEqual({ ok: true, value: undefined });
  });

  it("dynamic is free JSON with type dynamic", () => {
    expect(agentConfigOf(cfg({ type: "dynamic", dynamicJson: '{"depth": 3, "nested": {"a": [1]}}' }))).toEqual({ ok: true, value: { depth: 3, nested: { a: [1] }, type: "dynamic" } });
    expect(agentConfigOf(cfg({ type: "dynamic", dynamicJson: "[1]" })).ok).toBe(false);
    expect(agentConfigOf(cfg({ type: "dynamic", dynamicJson: "{" })).ok).toBe(false);
    expect(agentConfigOf(cfg({ type: "dynamic", dynamicJson: '{"type":"antigravity"}' })).ok).toBe(false);
  });

  it("refuses a type the agent does not run, with the engine's rule", () => {
    const r = agentConfigOf(cfg({ type: "antigravity" }), "deep-research-preview-04-2026");
    expect(r).toEqual({ ok: false, error: "agent_config type 'antigravity' does not fit agent 'deep-research-preview-04-2026'; it takes 'deep-research' or 'dynamic'" });
  });

  it("round-trips through the draft form", () => {
    for (const wire of [{ type: "deep-research", collaborative_planning: true, visualization: "auto" }, { type: "antigravity", max_total_tokens: "1000" }, { type: "dynamic", x: 1 }]) {
      expect(agentConfigOf(agentConfigDraftOf(wire))).toEqual({ ok: true, value: wire });
    }
  });

  it("goes into agent turns only, and the engine accepts the body", () => {
    const d = { ...DEFAULT_CONFIGURATOR, agentConfig: cfg({ type: "antigravity", antigravity: { model: "", maxTotalTokens: "5000" } }) };
    const model = applyConfigurator({ model: "gemini-3.5-flash", input: "x" }, d);
    expect(model.ok && model.value.agent_config).toBeUndefined();
    const plan = planWithConfigurator({ settings: { ...DEFAULT_SETTINGS, targetKind: "agent" }, target: "local-sim-agent", history: [], input: [{ type: "user_input", content: [{ type: "text", text: "hi" }] }] }, d);
    expect(plan.ok && plan.value.body.agent_config).toEqual({ type: "antigravity", max_total_tokens: "5000" });
    expect(() => parseCreateBody(plan.ok && plan.value.body)).not.toThrow();
    const bad = applyConfigurator({ agent: "deep-research-x", input: "x" }, d);
    expect(bad.ok).toBe(false);
  });

  it("survives sanitising (presets, localStorage)", () => {
    const d = sanitizeDraft({ agentConfig: { enabled: true, type: "antigravity", antigravity: { model: "m", maxTotalTokens: "9" }, deepResearch: { visualization: "bogus" } } });
    expect(d.agentConfig.type).toBe("antigravity");
    expect(d.agentConfig.antigravity).toEqual({ model: "m", maxTotalTokens: "9" });
    expect(d.agentConfig.deepResearch).toEqual(DEFAULT_AGENT_CONFIG.deepResearch);
    expect(sanitizeDraft({}).agentConfig).toEqual(DEFAULT_AGENT_CONFIG);
  });
});

const builder = (patch: Partial<AgentBuilderDraft>): AgentBuilderDraft => ({ ...structuredClone(DEFAULT_BUILDER), ...patch });

describe("custom agent builder → POST /agents body", () => {
  it("a minimal agent names only its base", () => {
    expect(builderToCreateBody(builder({}))).toEqual({ ok: true, value: { base_agent: "local-sim-agent" } });
  });

  it("maps every field, and the engine's own schema accepts it", () => {
    const d = builder({
      id: "repo-helper",
      description: " Reviews repos ",
      systemInstruction: "Be brief.",
      tools: { code_execution: true, google_search: false, url_context: true },
      extraToolsJson: '[{"type":"function","name":"lookup","parameters":{"type":"object","properties":{"q":{"type":"string"}}}}]',
      files: [
        { key: "a", target: "AGENTS.md", content: "# Rules\nWrite tests." },
        { key: "b", target: "/workspace/skills/review/SKILL.md", content: "skill" },
        { key: "c", target: "logo.png", content: "iVBORw0KGgo=", encoding: "base64" },
      ],
      allowlist: "api.example.com\n\n API.example.com \n*.googleapis.com",
      agentConfig: cfg({ type: "dynamic", dynamicJson: '{"mode":"fast"}' }),
    });
    const r = builderToCreateBody(d);
    expect(r).toEqual({
      ok: true,
      value: {
        id: "repo-helper",
        base_agent: "local-sim-agent",
        description: "Reviews repos",
        system_instruction: "Be brief.",
        tools: [{ type: "code_execution" }, { type: "url_context" }, { type: "function", name: "lookup", parameters: { type: "object", properties: { q: { type: "string" } } } }],
        agent_config: { mode: "fast", type: "dynamic" },
        base_environment: {
          type: "remote",
          sources: [
            { type: "inline", target: "AGENTS.md", content: "# Rules\nWrite tests." },
            { type: "inline", target: "skills/review/SKILL.md", content: "skill" },
            { type: "inline", target: "logo.png", content: "iVBORw0KGgo=", encoding: "base64" },
          ],
          network: { allowlist: [{ domain: "api.example.com" }, { domain: "*.googleapis.com" }] },
        },
      },
    });
    expect(createAgentSchema.safeParse(r.ok && r.value).success).toBe(true);
  });

  it("refuses what the service would", () => {
    expect(builderToCreateBody(builder({ id: "Bad_Id" })).ok).toBe(false);
    expect(builderToCreateBody(builder({ files: [{ key: "a", target: " ", content: "" }] }))).toEqual({ ok: false, error: "Every environment file needs a path (e.g. AGENTS.md)" });
    expect(builderToCreateBody(builder({ files: [{ key: "a", target: "../x", content: "" }] })).ok).toBe(false);
    expect(builderToCreateBody(builder({ files: [{ key: "a", target: "A.md", content: "" }, { key: "b", target: "workspace/A.md", content: "" }] }))).toEqual({ ok: false, error: "Two files have the path 'A.md'" });
    expect(builderToCreateBody(builder({ extraToolsJson: '{"type":"x"}' })).ok).toBe(false);
    expect(builderToCreateBody(builder({ extraToolsJson: '[{"type":"mcp_server","name":"gh","url":"https://x","headers":{"Authorization":"[redacted]"}}]' })).ok).toBe(false);
    expect(builderToCreateBody(builder({ baseAgent: "deep-research-preview-04-2026", agentConfig: cfg({ type: "antigravity" }) })).ok).toBe(false);
  });

  it("a saved agent reads back as the same draft (edit = delete and re-create)", () => {
    const d = builder({
      id: "r2",
      tools: { code_execution: true, google_search: false, url_context: false },
      extraToolsJson: JSON.stringify([{ type: "google_search", search_types: ["web_search"] }], null, 2),
      files: [{ key: "k", target: "AGENTS.md", content: "hello" }],
      allowlist: "api.example.com",
      agentConfig: cfg({ type: "deep-research", deepResearch: { collaborativePlanning: true, thinkingSummaries: "", visualization: "" } }),
    });
    const body = builderToCreateBody(d);
    const back = builderDraftOf({ ...(body.ok ? body.value : {}), created: "2026-01-01T00:00:00Z" });
    expect(builderToCreateBody(back)).toEqual(body);
  });
});

describe("builder draft sanitising (localStorage)", () => {
  it("keeps well-typed fields, repairs the rest, and gives files keys", async () => {
    const { sanitizeBuilder } = await import("./agent-builder-store");
    expect(sanitizeBuilder(null)).toEqual(DEFAULT_BUILDER);
    const d = sanitizeBuilder({
      id: "x",
      baseAgent: 7,
      tools: { code_execution: true, google_search: "yes" },
      files: [{ target: "AGENTS.md", content: "hi" }, { target: "a.bin", content: "AAE=", encoding: "base64" }, { target: "b", content: "c", encoding: "hex" }],
      agentConfig: { enabled: true, type: "antigravity", antigravity: { model: "m", maxTotalTokens: "5" } },
    });
    expect(d.id).toBe("x");
    expect(d.baseAgent).toBe(DEFAULT_BUILDER.baseAgent);
    expect(d.tools).toEqual({ code_execution: true, google_search: false, url_context: false });
    expect(d.files.map((f) => [f.target, f.encoding])).toEqual([["AGENTS.md", undefined], ["a.bin", "base64"], ["b", undefined]]);
    expect(d.files.every((f) => f.key.length > 0)).toBe(true);
    expect(agentConfigOf(d.agentConfig)).toEqual({ ok: true, value: { type: "antigravity", model: "m", max_total_tokens: "5" } });
  });
});
