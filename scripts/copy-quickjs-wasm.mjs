// Serve the QuickJS wasm (the mock sandbox, lib/client/configurator/mock-worker.ts) from our own
// origin: copy it from the installed package into public/quickjs/ — never a CDN. Run from
// next.config.mjs, so `next build`, `next dev` and `next start` all have it.
import { copyFileSync, existsSync, mkdirSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
export const QUICKJS_WASM_PUBLIC_PATH = "/quickjs/emscripten-module.wasm";

export function copyQuickjsWasm() {
  const require = createRequire(join(root, "package.json"));
  const src = require.resolve("@jitl/quickjs-wasmfile-release-sync/wasm");
  const dest = join(root, "public", QUICKJS_WASM_PUBLIC_PATH);
  if (existsSync(dest) && statSync(dest).size === statSync(src).size) return dest;
  mkdirSync(dirname(dest), { recursive: true });
  copyFileSync(src, dest);
  return dest;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) console.log(copyQuickjsWasm());
