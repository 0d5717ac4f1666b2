// The baseline of the stream benchmarks: a bare node:http server (its own process) that answers
// every request with the given SSE frames, written one `res.write` per frame until the socket
// pushes back, then on `drain` — the reference's raw anchor (shared/reference/sse-proxy-performance.md).
import { spawn, type ChildProcess } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";

const RAW_SERVER = `
import http from "node:http"; import fs from "node:fs";
const frames = JSON.parse(fs.readFileSync(process.env.FRAMES, "utf8"));
const server = http.createServer((req, res) => {
  req.resume();
  req.on("end", () => {
    res.writeHead(200, { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache, no-transform" });
    let i = 0;
    const pump = () => {
      while (i < frames.length) { if (!res.write(frames[i++])) { res.once("drain", pump); return; } }
      res.end();
    };
    pump();
  });
});
server.listen(0, "127.0.0.1", () => console.log("listening on http://127.0.0.1:" + server.address().port));
`;

/** Start the bare server on a free port; `frames` are written to `<dir>/frames.json` for it. */
export async function startBare(frames: string[], dir: string): Promise<{ url: string; proc: ChildProcess }> {
  const framesFile = join(dir, "frames.json");
  writeFileSync(framesFile, JSON.stringify(frames));
  const proc = spawn(process.execPath, ["--input-type=module", "-e", RAW_SERVER], { env: { ...process.env, FRAMES: framesFile }, stdio: ["ignore", "pipe", "inherit"] });
  const url = await new Promise<string>((resolve, reject) => {
    let out = "";
    proc.stdout?.on("data", (b: Buffer) => {
      out += b.toString();
      const m = /listening on (\S+)/.exec(out);
      if (m) resolve(m[1] as string);
    });
    proc.once("exit", (c) => reject(new Error(`bare server exited ${c}`)));
  });
  return { url, proc };
}

/** Split a captured SSE body into its frames (each ends with a blank line). */
export const framesOf = (body: string): string[] => body.split(/(?<=\n\n)/).filter((f) => f.length > 0);
