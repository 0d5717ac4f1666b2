import Database from "better-sqlite3";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createWalCheckpointer } from "./wal-checkpointer";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function openDb() {
  const dir = mkdtempSync(join(tmpdir(), "walck-"));
  dirs.push(dir);
  const path = join(dir, "t.db");
  const db = new Database(path);
  db.pragma("journal_mode = WAL");
  db.exec("CREATE TABLE t (v TEXT)");
  return { db, path };
}

const until = async (cond: () => boolean, ms = 10_000) => {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > ms) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 20));
  }
};

describe("createWalCheckpointer", () => {
  it("moves checkpoints to a worker: the main connection's autocheckpoint becomes a backstop and the WAL is copied back", async () => {
    const { db, path } = openDb();
    const ck = createWalCheckpointer(db, path);
    const row = "x".repeat(64 * 1024);
    const ins = db.prepare("INSERT INTO t VALUES (?)");
    const write = (n: number) => {
      for (let i = 0; i < n; i++) {
        ins.run(row);
        ck.wrote(row.length);
      }
    };
    write(80); // 5 MB: past the 4 MB cadence, so a checkpoint is handed to the worker
    expect(db.pragma("wal_autocheckpoint", { simple: true })).toBe(8_192);
    // Pages reach the database file only through a checkpoint, and the main connection's own
    // would wait for 32 MB: the worker's passive checkpoint is what copies them back.
    await until(() => statSync(path).size > 5 * 1024 * 1024);
    write(16); // 1 MB more, below the cadence: checkpointed once the writes pause
    await until(() => statSync(path).size > 6 * 1024 * 1024);
    await new Promise((r) => setTimeout(r, 50));
    // Everything was copied back, so the next commit started the log over from the top.
    ins.run("after");
    const [r] = db.pragma("wal_checkpoint(PASSIVE)") as { log: number }[];
    expect(r?.log).toBeLessThan(10);
    expect((db.prepare("SELECT COUNT(*) AS n FROM t").get() as { n: number }).n).toBe(97);
    ck.close();
    db.close();
  });

  it("is a no-op for :memory: and when SQLITE_WORKER_CHECKPOINTS=0", () => {
    const mem = new Database(":memory:");
    const ck = createWalCheckpointer(mem, ":memory:");
    ck.wrote(10 * 1024 * 1024);
    ck.close();
    mem.close();
    const { db, path } = openDb();
    process.env.SQLITE_WORKER_CHECKPOINTS = "0";
    try {
      const off = createWalCheckpointer(db, path);
      off.wrote(10 * 1024 * 1024);
      expect(db.pragma("wal_autocheckpoint", { simple: true })).toBe(1000);
      off.close();
    } finally {
      delete process.env.SQLITE_WORKER_CHECKPOINTS;
      db.close();
    }
  });
});
