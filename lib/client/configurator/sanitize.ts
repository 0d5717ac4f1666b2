// Whatever localStorage, an imported file or a stored preset holds, read back as a well-formed
// draft: known keys with the right types, defaults for the rest (never a crash on old data).
import { z } from "zod";
import { COMPUTER_ENVIRONMENTS, DEFAULT_BUILTINS, DEFAULT_CONFIGURATOR, DEFAULT_MOCK, MAX_LOOP_LIMIT, SEARCH_TYPES, type ConfiguratorDraft } from "./types";

const str = (d: string) => z.string().catch(d);
const bool = (d: boolean) => z.boolean().catch(d);

export const functionDraftSchema = z.object({
  id: z.string().min(1),
  name: str(""),
  description: str(""),
  parametersJson: str(""),
  mock: z
    .object({ mode: z.enum(["manual", "fixed", "js"]).catch("manual"), fixedJson: str(DEFAULT_MOCK.fixedJson), code: str(DEFAULT_MOCK.code) })
    .catch({ ...DEFAULT_MOCK }),
});

const b = DEFAULT_BUILTINS;
export const builtinsSchema = z
  .object({
    code_execution: z.object({ enabled: bool(false) }).catch(b.code_execution),
    url_context: z.object({ enabled: bool(false) }).catch(b.url_context),
    google_search: z.object({ enabled: bool(false), searchTypes: z.array(z.enum(SEARCH_TYPES)).catch([]) }).catch(b.google_search),
    file_search: z.object({ enabled: bool(false), storeNames: str(""), topK: str(""), metadataFilter: str("") }).catch(b.file_search),
    google_maps: z.object({ enabled: bool(false), latitude: str(""), longitude: str(""), enableWidget: bool(false) }).catch(b.google_maps),
    computer_use: z.object({ enabled: bool(false), environment: z.enum(COMPUTER_ENVIRONMENTS).catch("browser"), excluded: str("") }).catch(b.computer_use),
  })
  .catch(b);

export const mcpServerRefSchema = z.object({
  id: z.string().min(1).max(128),
  name: z.string().min(1).max(128),
  url: z.string().min(1).max(2048),
  enabled: bool(true),
  allowedTools: z.array(z.string().min(1).max(256)).max(512).nullable().catch(null),
  missing: z.boolean().optional().catch(undefined),
});

export const configuratorDraftSchema = z.object({
  functions: z.array(z.unknown()).catch([]).transform((list) =>
    list.flatMap((f) => {
      const r = functionDraftSchema.safeParse(f);
      return r.success ? [r.data] : [];
    }),
  ),
  builtins: builtinsSchema,
  mcpServers: z.array(z.unknown()).catch([]).transform((list) =>
    list.flatMap((m) => {
      const r = mcpServerRefSchema.safeParse(m);
      return r.success ? [r.data] : [];
    }),
  ),
  responseFormat: z.object({ enabled: bool(false), schemaJson: str("") }).catch(DEFAULT_CONFIGURATOR.responseFormat),
  auto: z
    .object({ enabled: bool(false), loopLimit: z.number().int().min(1).max(MAX_LOOP_LIMIT).catch(DEFAULT_CONFIGURATOR.auto.loopLimit) })
    .catch(DEFAULT_CONFIGURATOR.auto),
});

export function sanitizeDraft(raw: unknown): ConfiguratorDraft {
  const r = configuratorDraftSchema.safeParse(raw ?? {});
  return r.success ? r.data : structuredClone(DEFAULT_CONFIGURATOR);
}
