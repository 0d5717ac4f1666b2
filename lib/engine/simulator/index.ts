// The local simulator: a deterministic stand-in for a Gemini model (docs/simulator.md).
export { createSimulatorAdapter, isSimulatedModel, runSimulator, SIMULATOR_MODEL_ID } from "./simulator";
export { checkSchemaSupported, normaliseSchema, validateValue, MAX_SCHEMA_DEPTH } from "./schema";
export { countTokens, countInputTokens, MEDIA_TOKENS } from "./tokens";
export { isAbortError, sleep } from "./pace";
export { planTurn } from "./compose";
export { collectRun } from "./collect";
