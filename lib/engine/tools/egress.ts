// The one door from the tools to the network: every request the engine's tools make (MCP servers,
// url_context pages) goes through the egress policy, which refuses private, link-local and cloud
// metadata addresses on every redirect hop and caps time and size.
export { checkEgressUrl, createEgressFetch, egressFetch, egressFetchBytes, EgressError } from "./egress-shim";
export type { EgressOptions } from "./egress-shim";
import type { EgressOptions } from "./egress-shim";

/**
 * The engine is a local tool, so by default its tools may reach loopback (a page or an MCP server
 * you run on this machine); ENGINE_TOOLS_ALLOW_LOOPBACK=0 refuses it. Private, link-local and
 * cloud-metadata addresses are always refused by the egress policy.
 */
export function defaultToolEgress(): EgressOptions {
  return { allowLoopback: process.env.ENGINE_TOOLS_ALLOW_LOOPBACK !== "0" };
}
