import "./lib/env-check.mjs";
import { copyQuickjsWasm } from "./scripts/copy-quickjs-wasm.mjs";

// The mock sandbox's QuickJS wasm is served from public/quickjs/ (our origin, never a CDN).
copyQuickjsWasm();

/** @type {import('next').NextConfig} */
const nextConfig = {
  // gzip pages and static assets. SSE stays unbuffered: every event-stream response carries
  // `Cache-Control: no-cache, no-transform` (lib/engine/sse.ts, lib/proxy/handler.ts), which Next's
  // compression middleware honours by passing the body through untouched (docs/web-performance.md).
  compress: true,
  // Native addon: never bundle it into the server build. undici (lib/http/egress.ts) is loaded from
  // node_modules as in plain Node, so its Agent/fetch pair is the one the egress tests exercise.
  serverExternalPackages: ["better-sqlite3", "undici"],
  // `next dev` blocks dev resources for hosts other than localhost without this.
  allowedDevOrigins: ["127.0.0.1"],
  poweredByHeader: false,
};
export default nextConfig;
