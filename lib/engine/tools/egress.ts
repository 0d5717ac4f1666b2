// The one door from the tools to the network: every request the engine's tools make (MCP servers,
// url_context pages) goes through the egress policy (lib/http/egress.ts), which refuses private,
// link-local and cloud-metadata addresses on every redirect hop and caps time and size.
import type { EgressPolicyOptions } from "@/lib/http/egress";

export { checkEgressUrl, createEgressFetch, egressFetch, egressFetchBytes, EgressError } from "@/lib/http/egress";
export type EgressOptions = EgressPolicyOptions;

/**
 * The engine is a local tool, so by default its tools may reach loopback (a page or an MCP server
 * you run on this machine); ENGINE_TOOLS_ALLOW_LOOPBACK=0 (or false) refuses it. Link-local and cloud-metadata
 * addresses are always refused; private ranges unless ENGINE_ALLOW_PRIVATE_EGRESS (docs/egress.md).
 */
export function defaultToolEgress(): EgressOptions {
  const v = (process.env.ENGINE_TOOLS_ALLOW_LOOPBACK ?? "").trim().toLowerCase();
  return { allowLoopback: v !== "0" && v !== "false" };
}
