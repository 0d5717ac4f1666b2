import "./lib/env-check.mjs";
import { copyQuickjsWasm } from "./scripts/copy-quickjs-wasm.mjs";

// The mock sandbox's QuickJS wasm is served from public/quickjs/ (our origin, never a CDN).
copyQuickjsWasm();

/** @type {import('next').NextConfig} */
const nextConfig = {
  // SSE: pipe bytes untouched; a reverse proxy can compress normal pages.
  compress: false,
  // Native addon: never bundle it into the server build.
  serverExternalPackages: ["better-sqlite3"],
  // `next dev` blocks dev resources for hosts other than localhost without this.
  allowedDevOrigins: ["127.0.0.1"],
  poweredByHeader: false,
};
export default nextConfig;
