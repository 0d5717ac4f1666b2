// `npm run engine`: the engine alone on its own port (ENGINE_PORT, default 8787, host
// ENGINE_HOST, default 127.0.0.1), with its own store (ENGINE_DB, default
// `.data/engine-standalone.db`, never the app's file: two processes must not recover each
// other's live runs). SIGTERM/SIGINT close the listener, end live runs and close the database.
// ENGINE_SYNTHETIC=1 also serves the synthetic `synthetic-*` models (test/bench hook, off by default).
import { serve } from "@hono/node-server";
import { createEngine } from "./engine";
import { envInt } from "./http";
import { createSyntheticAdapter } from "./synthetic-adapter";

const port = envInt("ENGINE_PORT", 8787, 0, 65535);
const hostname = process.env.ENGINE_HOST?.trim() || "127.0.0.1";
const dbPath = process.env.ENGINE_DB?.trim() || ".data/engine-standalone.db";

const synthetic = process.env.ENGINE_SYNTHETIC === "1";
let engine: ReturnType<typeof createEngine>;
try {
  engine = createEngine({ dbPath, adapters: synthetic ? [createSyntheticAdapter()] : [] });
} catch (err) {
  console.error(`[engine] cannot start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}
if (engine.recovered.resumed > 0) {
  console.log(`[engine] resumed ${engine.recovered.resumed} unfinished run(s) from a previous process`);
}
if (engine.recovered.failed > 0) {
  console.log(`[engine] marked ${engine.recovered.failed} unfinished run(s) from a previous process as failed (not replayable)`);
}

const server = serve({ fetch: engine.app.fetch, port, hostname }, (info) => {
  // Machine-readable first line (tests and scripts read the port from it).
  console.log(`[engine] listening on http://${hostname}:${info.port} (db ${dbPath})`);
});

let stopping = false;
function shutdown(signal: string): void {
  if (stopping) return;
  stopping = true;
  console.log(`[engine] ${signal}: shutting down`);
  engine.close();
  server.close(() => process.exit(0));
  // Streams still attached would keep close() waiting; don't hang on them.
  setTimeout(() => process.exit(0), 2_000).unref();
}
process.on("SIGTERM", () => shutdown("SIGTERM"));
process.on("SIGINT", () => shutdown("SIGINT"));
