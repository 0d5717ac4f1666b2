// Saved MCP server entries in the app's SQLite store (APP_DB), in a table of its own (created if
// missing, like the presets'). Header values are kept here, on the server, as the Gemini key in
// Settings is; they leave this module only towards the MCP server itself (the proxy's injection,
// the Test connection) — never in a view (lib/app-api/mcp-servers.ts masks them).
import "server-only";
import type Database from "better-sqlite3";
import { randomUUID } from "node:crypto";
import { prepared } from "@/lib/db/prepared";

export interface McpHeader {
  name: string;
  value: string;
}

export interface McpServerRow {
  id: string;
  name: string;
  url: string;
  headers: McpHeader[];
  created: number;
  updated: number;
}

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS mcp_servers (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    url TEXT NOT NULL,
    headers_json TEXT NOT NULL DEFAULT '[]',
    created INTEGER NOT NULL,
    updated INTEGER NOT NULL
  );
`;

const ready = new WeakSet<Database.Database>();

type Raw = Omit<McpServerRow, "headers"> & { headers_json: string };

function parseHeaders(json: string): McpHeader[] {
  try {
    const v = JSON.parse(json) as unknown;
    return Array.isArray(v) ? v.filter((h): h is McpHeader => !!h && typeof h.name === "string" && typeof h.value === "string") : [];
  } catch {
    return [];
  }
}

const fromRaw = (r: Raw): McpServerRow => ({ id: r.id, name: r.name, url: r.url, headers: parseHeaders(r.headers_json), created: r.created, updated: r.updated });

export class McpNameTaken extends Error {
  constructor(readonly entryName: string) {
    super(`An MCP server named "${entryName}" is already saved.`);
  }
}

export class McpServersStore {
  constructor(private readonly db: Database.Database, private readonly now: () => number = Date.now) {
    if (!ready.has(db)) {
      db.exec(SCHEMA);
      ready.add(db);
    }
  }

  list(): McpServerRow[] {
    return (prepared(this.db, "SELECT * FROM mcp_servers ORDER BY name COLLATE NOCASE, id").all() as Raw[]).map(fromRaw);
  }

  get(id: string): McpServerRow | undefined {
    const r = prepared(this.db, "SELECT * FROM mcp_servers WHERE id = ?").get(id) as Raw | undefined;
    return r ? fromRaw(r) : undefined;
  }

  byName(name: string): McpServerRow | undefined {
    const r = prepared(this.db, "SELECT * FROM mcp_servers WHERE name = ?").get(name) as Raw | undefined;
    return r ? fromRaw(r) : undefined;
  }

  private taken(name: string, except?: string): boolean {
    const r = this.byName(name);
    return !!r && r.id !== except;
  }

  create(entry: { name: string; url: string; headers: McpHeader[] }): McpServerRow {
    if (this.taken(entry.name)) throw new McpNameTaken(entry.name);
    const id = `mcp_${randomUUID()}`;
    const t = this.now();
    prepared(this.db, "INSERT INTO mcp_servers (id, name, url, headers_json, created, updated) VALUES (?, ?, ?, ?, ?, ?)").run(id, entry.name, entry.url, JSON.stringify(entry.headers), t, t);
    return this.get(id)!;
  }

  /** Undefined if no such entry. */
  update(id: string, patch: { name?: string; url?: string; headers?: McpHeader[] }): McpServerRow | undefined {
    const cur = this.get(id);
    if (!cur) return undefined;
    if (patch.name !== undefined && this.taken(patch.name, id)) throw new McpNameTaken(patch.name);
    prepared(this.db, "UPDATE mcp_servers SET name = ?, url = ?, headers_json = ?, updated = ? WHERE id = ?").run(patch.name ?? cur.name, patch.url ?? cur.url, JSON.stringify(patch.headers ?? cur.headers), this.now(), id);
    return this.get(id);
  }

  delete(id: string): boolean {
    return prepared(this.db, "DELETE FROM mcp_servers WHERE id = ?").run(id).changes > 0;
  }
}
