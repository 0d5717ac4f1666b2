// The architecture rules in eslint.config.mjs are real: ESLint's own API lints snippets at the
// paths they would live at and must flag the forbidden imports (and only those).
import { fileURLToPath } from "node:url";
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../..", import.meta.url));
const eslint = new ESLint({ cwd: root, overrideConfigFile: `${root}eslint.config.mjs` });

async function boundaryErrors(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: `${root}${filePath}` });
  return (result?.messages ?? []).filter((m) => m.ruleId === "@typescript-eslint/no-restricted-imports").map((m) => m.message);
}

describe("import boundaries (eslint.config.mjs)", () => {
  it("flags browser code value-importing the engine, record, proxy, app-api or http", async () => {
    expect(await boundaryErrors(`import { getEngine } from "@/lib/engine/instance";\nexport const e = getEngine;\n`, "lib/client/x.ts")).toHaveLength(1);
    expect(await boundaryErrors(`import { AppStore } from "@/lib/record/store";\nexport const s = AppStore;\n`, "components/x/y.tsx")).toHaveLength(1);
    expect(await boundaryErrors(`import { json } from "@/lib/http/json";\nexport const j = json;\n`, "components/y.tsx")).toHaveLength(1);
  });

  it("lets browser code take the contract's zod schemas by type only (zod stays off the first page)", async () => {
    expect(await boundaryErrors(`import { splitFaults } from "@/lib/contract/faults";\nexport const f = splitFaults;\n`, "components/settings/x.tsx")).toHaveLength(1);
    expect(await boundaryErrors(`import { SessionId } from "../contract/app-api";\nexport const s = SessionId;\n`, "lib/client/x.ts")).toHaveLength(1);
    expect(await boundaryErrors(`import type { FaultsView } from "@/lib/contract/faults";\nexport type F = FaultsView;\n`, "components/settings/x.tsx")).toEqual([]);
    expect(await boundaryErrors(`import { splitFaults } from "@/lib/contract/fault-list";\nexport const f = splitFaults;\n`, "components/settings/x.tsx")).toEqual([]);
  });

  it("allows type-only imports of shared wire types, and tests", async () => {
    expect(await boundaryErrors(`import type { Turn } from "@/lib/record/types";\nexport type T = Turn;\n`, "lib/client/x.ts")).toEqual([]);
    expect(await boundaryErrors(`import { getEngine } from "@/lib/engine/instance";\nexport const e = getEngine;\n`, "lib/client/x.test.ts")).toEqual([]);
  });

  it("keeps the engine, the wire layer and the record in their lanes", async () => {
    expect(await boundaryErrors(`import { api } from "@/lib/client/api";\nexport const a = api;\n`, "lib/engine/x.ts")).toHaveLength(1);
    expect(await boundaryErrors(`import { proxyRoute } from "@/lib/app-api/server";\nexport const p = proxyRoute;\n`, "lib/engine/x.ts")).toHaveLength(1);
    expect(await boundaryErrors(`import { z } from "zod";\nexport const s = z;\n`, "lib/interactions/x.ts")).toHaveLength(1);
    expect(await boundaryErrors(`import { createParser } from "eventsource-parser";\nimport { x } from "./types";\nimport { RULES } from "@/lib/contract/request-rules";\nexport const p = [createParser, x, RULES];\n`, "lib/interactions/x.ts")).toEqual([]);
    expect(await boundaryErrors(`import { readBody } from "@/lib/proxy/handler";\nexport const r = readBody;\n`, "lib/record/x.ts")).toHaveLength(1);
    expect(await boundaryErrors(`import { redactText } from "@/lib/http/secrets";\nexport const r = redactText;\n`, "lib/record/x.ts")).toEqual([]);
  });
});
