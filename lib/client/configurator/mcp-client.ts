"use client";
// Saved MCP server entries from the app API (/api/mcp-servers; react-query owns server state).
// Header values are sent up on save and never come back: views carry names and masks only.
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "@/lib/client/api";
import type { McpServerCreate, McpServerUpdate, McpServerView, McpTestResult } from "@/lib/contract/mcp-servers";

export type { McpServerView, McpTestResult };

export const mcpServersApi = {
  list: () => apiFetch<{ servers: McpServerView[] }>("/api/mcp-servers"),
  create: (body: McpServerCreate) => apiFetch<McpServerView>("/api/mcp-servers", { method: "POST", json: body }),
  update: (id: string, body: McpServerUpdate) => apiFetch<McpServerView>(`/api/mcp-servers/${encodeURIComponent(id)}`, { method: "PUT", json: body }),
  remove: (id: string) => apiFetch<null>(`/api/mcp-servers/${encodeURIComponent(id)}`, { method: "DELETE" }),
  test: (id: string) => apiFetch<McpTestResult>(`/api/mcp-servers/${encodeURIComponent(id)}/test`, { method: "POST" }),
};

export const mcpKeys = { list: ["mcp-servers"] as const };

export function useMcpServers() {
  return useQuery({ queryKey: mcpKeys.list, queryFn: mcpServersApi.list });
}

export function useInvalidateMcpServers() {
  const qc = useQueryClient();
  return () => qc.invalidateQueries({ queryKey: mcpKeys.list });
}
