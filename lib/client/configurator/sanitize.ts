// Whatever localStorage, an imported file or a stored preset holds, read back as a well-formed
// draft: known keys with the right types, defaults for the rest (never a crash on old data).
// zod/mini: this runs on every page (the configurator store rehydrates), so it takes the
// tree-shakable API rather than the full one.
import * as z from "zod/mini";
import { AGENT_CONFIG_TYPES, DEFAULT_AGENT_CONFIG, THINKING_SUMMARIES, VISUALIZATIONS } from "./agents";
import { COMPUTER_ENVIRONMENTS, DEFAULT_AUDIO_FORMAT, DEFAULT_BUILTINS, DEFAULT_IMAGE_FORMAT, DEFAULT_CONFIGURATOR, DEFAULT_MOCK, MAX_LOOP_LIMIT, SEARCH_TYPES, type ConfiguratorDraft } from "./types";

const str = (d: string) => z.catch(z.string(), d);
const bool = (d: boolean) => z.catch(z.boolean(), d);

export const functionDraftSchema = z.object({
  id: z.string().check(z.minLength(1)),
  name: str(""),
  description: str(""),
  parametersJson: str(""),
  mock: z.catch(
    z.object({ mode: z.catch(z.enum(["manual", "fixed", "js"]), "manual"), fixedJson: str(DEFAULT_MOCK.fixedJson), code: str(DEFAULT_MOCK.code) }),
    () => ({ ...DEFAULT_MOCK }),
  ),
});

const b = DEFAULT_BUILTINS;
export const builtinsSchema = z.catch(
  z.object({
    code_execution: z.catch(z.object({ enabled: bool(false) }), b.code_execution),
    url_context: z.catch(z.object({ enabled: bool(false) }), b.url_context),
    google_search: z.catch(z.object({ enabled: bool(false), searchTypes: z.catch(z.array(z.enum(SEARCH_TYPES)), []) }), b.google_search),
    file_search: z.catch(z.object({ enabled: bool(false), storeNames: str(""), topK: str(""), metadataFilter: str("") }), b.file_search),
    google_maps: z.catch(z.object({ enabled: bool(false), latitude: str(""), longitude: str(""), enableWidget: bool(false) }), b.google_maps),
    computer_use: z.catch(z.object({ enabled: bool(false), environment: z.catch(z.enum(COMPUTER_ENVIRONMENTS), "browser"), excluded: str("") }), b.computer_use),
  }),
  b,
);

const a = DEFAULT_AGENT_CONFIG;
export const agentConfigDraftSchema = z.catch(
  z.object({
    enabled: bool(false),
    type: z.catch(z.enum(AGENT_CONFIG_TYPES), a.type),
    deepResearch: z.catch(
      z.object({ collaborativePlanning: bool(false), thinkingSummaries: z.catch(z.enum(THINKING_SUMMARIES), ""), visualization: z.catch(z.enum(VISUALIZATIONS), "") }),
      a.deepResearch,
    ),
    antigravity: z.catch(z.object({ model: str(""), maxTotalTokens: str("") }), a.antigravity),
    dynamicJson: str(a.dynamicJson),
  }),
  a,
);

export const mcpServerRefSchema = z.object({
  id: z.string().check(z.minLength(1), z.maxLength(128)),
  name: z.string().check(z.minLength(1), z.maxLength(128)),
  url: z.string().check(z.minLength(1), z.maxLength(2048)),
  enabled: bool(true),
  allowedTools: z.catch(z.nullable(z.array(z.string().check(z.minLength(1), z.maxLength(256))).check(z.maxLength(512))), null),
  missing: z.catch(z.optional(z.boolean()), undefined),
});

export const configuratorDraftSchema = z.object({
  functions: z.pipe(
    z.catch(z.array(z.unknown()), []),
    z.transform((list) =>
      list.flatMap((f) => {
        const r = functionDraftSchema.safeParse(f);
        return r.success ? [r.data] : [];
      }),
    ),
  ),
  builtins: builtinsSchema,
  mcpServers: z.pipe(
    z.catch(z.array(z.unknown()), []),
    z.transform((list) =>
      list.flatMap((m) => {
        const r = mcpServerRefSchema.safeParse(m);
        return r.success ? [r.data] : [];
      }),
    ),
  ),
  responseFormat: z.catch(
    z.object({
      enabled: bool(false),
      schemaJson: str(""),
      image: z.catch(z.object({ enabled: bool(false), aspectRatio: str(""), imageSize: str(""), mimeType: str("") }), DEFAULT_IMAGE_FORMAT),
      audio: z.catch(z.object({ enabled: bool(false), mimeType: str(""), sampleRate: str(""), bitRate: str("") }), DEFAULT_AUDIO_FORMAT),
    }),
    DEFAULT_CONFIGURATOR.responseFormat,
  ),
  auto: z.catch(
    z.object({ enabled: bool(false), loopLimit: z.catch(z.int().check(z.minimum(1), z.maximum(MAX_LOOP_LIMIT)), DEFAULT_CONFIGURATOR.auto.loopLimit) }),
    DEFAULT_CONFIGURATOR.auto,
  ),
  agentConfig: agentConfigDraftSchema,
});

export function sanitizeDraft(raw: unknown): ConfiguratorDraft {
  const r = configuratorDraftSchema.safeParse(raw ?? {});
  return r.success ? r.data : structuredClone(DEFAULT_CONFIGURATOR);
}
