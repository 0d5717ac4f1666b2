// The V8 flags the app server starts with (`npm start`, the e2e web server, the benches):
//   node $(node scripts/gc-flags.mjs) node_modules/next/dist/bin/next start …
// On a machine with at most 2 cores: `--single-threaded-gc`. V8's parallel scavenger and
// concurrent marker run 4 helper threads beside the one that streams; on 2 cores they take the
// CPU the stream and its client need, and about half of all server starts then streamed a
// 20,000-delta answer at 52–78 ms instead of 34–40 ms, for the whole life of the process. With
// the flag every start measured streamed at 34–40 ms (docs/proxy.md, "Third pass").
// PLAYGROUND_GC=single|parallel|auto (default auto) chooses explicitly.
import { availableParallelism } from "node:os";
import { pathToFileURL } from "node:url";

/**
 * The flags for `env` on a machine of `cores` cores; throws on a PLAYGROUND_GC it does not know.
 * @param {Record<string, string | undefined>} env
 * @param {number} cores
 * @returns {string[]}
 */
export function gcFlags(env = process.env, cores = availableParallelism()) {
  const v = (env.PLAYGROUND_GC ?? "").trim().toLowerCase();
  if (v === "single") return ["--single-threaded-gc"];
  if (v === "parallel") return [];
  if (v !== "" && v !== "auto") throw new Error(`PLAYGROUND_GC must be single, parallel or auto (got "${env.PLAYGROUND_GC}")`);
  return cores <= 2 ? ["--single-threaded-gc"] : [];
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    process.stdout.write(gcFlags().join(" "));
  } catch (e) {
    console.error(e instanceof Error ? e.message : String(e));
    process.exit(2);
  }
}
