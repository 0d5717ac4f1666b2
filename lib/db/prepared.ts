// Prepared statements, once per connection and SQL text. better-sqlite3's `db.prepare()` compiles
// the SQL every call (about 0.1–0.5 ms); the stores that build their SQL inline call this instead.
// The cache is bounded by the distinct SQL texts a store writes (the UPDATE builders make one per
// set of columns), and goes with its connection.
import type Database from "better-sqlite3";

const caches = new WeakMap<Database.Database, Map<string, Database.Statement>>();

export function prepared(db: Database.Database, sql: string): Database.Statement {
  let cache = caches.get(db);
  if (!cache) caches.set(db, (cache = new Map()));
  let s = cache.get(sql);
  if (!s) cache.set(sql, (s = db.prepare(sql)));
  return s;
}
