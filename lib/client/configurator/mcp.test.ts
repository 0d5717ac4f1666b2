// MCP server references in the configurator draft: the mcp_server tools a request carries (name,
// URL, ticked tools — never headers), references kept in line with the saved entries, presets and
// localStorage read back safely, and the backend reachability note.
import { describe, expect, it } from "vitest";
import { parseCreateBody } from "@/lib/contract/request-rules";
import { mcpReachNote } from "./capabilities";
import { configuratorTools, mcpServersToTools } from "./request";
import { sanitizeDraft } from "./sanitize";
import { draftOf, syncMcpRefs, useConfigurator } from "./store";
import { DEFAULT_CONFIGURATOR, type McpServerRef } from "./types";

const ref = (p: Partial<McpServerRef> = {}): McpServerRef => ({ id: "mcp_1", name: "weather", url: "http://127.0.0.1:9/mcp", enabled: true, allowedTools: null, ...p });

describe("MCP server references → request", () => {
  it("an enabled entry is an mcp_server tool with name, url and allowed_tools, and no headers", () => {
    const r = mcpServersToTools([ref({ allowedTools: ["get_forecast"] }), ref({ id: "mcp_2", name: "off", enabled: false }), ref({ id: "mcp_3", name: "all" })]);
    expect(r).toEqual({
      ok: true,
      value: [
        { type: "mcp_server", name: "weather", url: "http://127.0.0.1:9/mcp", allowed_tools: [{ tools: ["get_forecast"] }] },
        { type: "mcp_server", name: "all", url: "http://127.0.0.1:9/mcp" },
      ],
    });
    // The service's own tool schema accepts it.
    if (r.ok) expect(() => parseCreateBody({ model: "gemini-3.5-flash", input: "x", tools: r.value })).not.toThrow();
  });

  it("an entry no longer saved stops the request with a clear message", () => {
    const r = configuratorTools({ ...DEFAULT_CONFIGURATOR, mcpServers: [ref({ missing: true })] });
    expect(r).toEqual({ ok: false, error: expect.stringContaining('MCP server "weather" is no longer saved') });
  });

  it("sync follows renames and URL edits and marks gone entries, keeping the same array when nothing changed", () => {
    const refs = [ref(), ref({ id: "mcp_2", name: "gone" })];
    const next = syncMcpRefs(refs, [{ id: "mcp_1", name: "weather2", url: "http://127.0.0.1:10/mcp" }]);
    expect(next).toEqual([ref({ name: "weather2", url: "http://127.0.0.1:10/mcp", missing: undefined }), ref({ id: "mcp_2", name: "gone", missing: true })]);
    const same = [ref()];
    expect(syncMcpRefs(same, [{ id: "mcp_1", name: "weather", url: "http://127.0.0.1:9/mcp" }])).toBe(same);
  });

  it("a stored draft or preset reads back its references, dropping malformed ones and any headers", () => {
    const d = sanitizeDraft({ mcpServers: [{ ...ref(), headers: { Authorization: "Bearer x" } }, { id: 5 }, "junk"] });
    expect(d.mcpServers).toEqual([ref()]);
    expect(JSON.stringify(d)).not.toContain("Bearer");
    expect(sanitizeDraft({}).mcpServers).toEqual([]);
  });
});

describe("the draft a preset saves", () => {
  it("holds the entry reference and the ticked tools, and the request built from it has no headers", () => {
    const s = useConfigurator.getState();
    s.addMcpServer({ id: "mcp_9", name: "crm", url: "https://crm.example.com/mcp" });
    useConfigurator.getState().setMcpServer("mcp_9", { allowedTools: ["find_customer"] });
    const draft = draftOf(useConfigurator.getState());
    expect(draft.mcpServers).toEqual([{ id: "mcp_9", name: "crm", url: "https://crm.example.com/mcp", enabled: true, allowedTools: ["find_customer"] }]);
    // What a preset stores and reads back.
    expect(sanitizeDraft(JSON.parse(JSON.stringify(draft))).mcpServers).toEqual(draft.mcpServers);
    const tools = configuratorTools(draft);
    expect(tools.ok && tools.value).toEqual([{ type: "mcp_server", name: "crm", url: "https://crm.example.com/mcp", allowed_tools: [{ tools: ["find_customer"] }] }]);
    useConfigurator.getState().removeMcpServer("mcp_9");
    expect(useConfigurator.getState().mcpServers).toEqual([]);
  });
});

describe("reachability note", () => {
  it("warns that Google's service cannot reach localhost or a private network; the local engine can", () => {
    expect(mcpReachNote("loopback", "gemini")).toMatchObject({ tone: "warn", text: expect.stringContaining("cannot reach it") });
    expect(mcpReachNote("private", "vertex")).toMatchObject({ tone: "warn", text: expect.stringContaining("private network") });
    expect(mcpReachNote("public", "gemini")).toBeNull();
    expect(mcpReachNote("loopback", "local")).toMatchObject({ tone: "info" });
    expect(mcpReachNote("private", "local")).toMatchObject({ tone: "warn", text: expect.stringContaining("ENGINE_ALLOW_PRIVATE_EGRESS") });
  });
});
