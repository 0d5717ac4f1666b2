// Runs once when the Next server starts (`next start`, `next dev`), before the first request:
// open the embedded engine so runs a previous process left unfinished resume now, not when
// someone first calls the API (docs/engine.md, "Restart"), and register the app's own webhook
// receiver on it (docs/webhooks.md).
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { getEngine } = await import("./lib/engine/instance");
  const { recovered } = getEngine();
  if (recovered.resumed > 0) console.log(`[engine] resumed ${recovered.resumed} unfinished run(s) from a previous process`);
  if (recovered.failed > 0) console.log(`[engine] marked ${recovered.failed} unfinished run(s) as failed (not replayable)`);
  const { registerWebhookReceiver } = await import("./lib/app-api/server");
  await registerWebhookReceiver();
}
