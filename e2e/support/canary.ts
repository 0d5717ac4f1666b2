// The fake Gemini key configured at build and run time of the e2e app (package.json test:e2e
// repeats it for `next build`). It must never reach the browser, `.next/static` or a log line.
// Deliberately not shaped like a real key (the repo hook flags `AIza[0-9A-Za-z_-]{30,}`).
export const CANARY_KEY = "canary-key-DO-NOT-LEAK-7f3a9c";

/** The fake key of the `openai` backend's stand-in (it answers 401 without it); same rules. */
export const OPENAI_CANARY_KEY = "canary-openai-DO-NOT-LEAK-41b7e2";

/** The fake access token of the `vertex` backend (the engine stands in for Vertex in e2e); same rules. */
export const VERTEX_CANARY_TOKEN = "canary-vertex-token-DO-NOT-LEAK-93c1d0";
