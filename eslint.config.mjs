import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

// Architecture boundaries (README "Architecture"): which folder may import which. Type-only
// imports of shared wire types stay allowed; tests are exempt (they wire layers together).
/** Import specifiers naming a lib/ folder, by alias, or relative from anywhere. */
const folder = (name) => [`@/${name}`, `@/${name}/**`, `**/${name}`, `**/${name}/**`];
const rel = (name) => [`../${name}`, `../${name}/**`];
const TESTS = ["**/*.test.ts", "**/*.test.tsx"];
const restrict = (files, patterns) => ({
  files,
  ignores: TESTS,
  rules: { "@typescript-eslint/no-restricted-imports": ["error", { patterns }] },
});

export const boundaries = [
  restrict(
    ["components/**/*.{ts,tsx}", "lib/client/**/*.{ts,tsx}"],
    [
      {
        group: [...["lib/engine", "lib/record", "lib/proxy", "lib/app-api", "lib/http"].flatMap(folder), ...["engine", "record", "proxy", "app-api", "http"].flatMap(rel)],
        allowTypeImports: true,
        message: "Browser code must not import server code (engine, record, proxy, app-api, http); use lib/contract or lib/client.",
      },
      {
        // The contract's zod schemas: types only in browser code, so zod stays off the first page
        // (docs/web-performance.md). Plain helpers live in zod-free modules (backend-id, poll-delay,
        // fault-list); a lazily loaded module that needs the schemas says so with a disable comment.
        group: ["app-api", "faults", "jobs", "mcp-servers", "request-rules"].flatMap((m) => [`@/lib/contract/${m}`, `**/contract/${m}`]),
        allowTypeImports: true,
        message: "Browser code takes the contract's zod schemas by `import type` only (zod would load on the first page); use a zod-free module for helpers.",
      },
    ],
  ),
  restrict(
    ["lib/engine/**/*.ts"],
    [
      {
        group: ["@/app", "@/app/**", "@/components", "@/components/**", "**/../app/**", "**/../components/**", ...["lib/client", "lib/proxy", "lib/app-api"].flatMap(folder), ...["client", "proxy", "app-api"].flatMap(rel), "../../client/**", "../../proxy/**", "../../app-api/**"],
        allowTypeImports: true,
        message: "The engine stands alone: no imports from app/, components/, lib/client, lib/proxy or lib/app-api.",
      },
    ],
  ),
  restrict(
    ["lib/interactions/**/*.ts"],
    [
      {
        regex: "^(?!\\./|@/lib/interactions/|@/lib/contract/|\\.\\./contract/|eventsource-parser$)",
        allowTypeImports: true,
        message: "lib/interactions is the pure wire layer: it imports only itself, lib/contract and eventsource-parser.",
      },
    ],
  ),
  restrict(
    ["lib/record/**/*.ts"],
    [
      {
        group: [...folder("lib/proxy"), ...rel("proxy")],
        allowTypeImports: true,
        message: "lib/record must not import lib/proxy (shared helpers live in lib/http).",
      },
    ],
  ),
];

const config = [
  ...nextVitals,
  ...nextTs,
  ...boundaries,
  {
    ignores: [".next/**", "node_modules/**", ".data/**", "test-results/**", "playwright-report/**", "next-env.d.ts"],
  },
];
export default config;
