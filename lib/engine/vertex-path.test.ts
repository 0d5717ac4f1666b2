// The engine on the Vertex AI path style: the official SDK with `vertexai: true` (project,
// location, an OAuth access token — no network) reaches the same Interactions surface under
// /{version}/projects/{p}/locations/{l}/…, so the Vertex flavour can be tried offline.
import { GoogleGenAI } from "@google/genai";
import { OAuth2Client } from "google-auth-library";
import { afterEach, expect, it } from "vitest";
import { createEngine, type Engine } from "./engine";
import { collectStream } from "./testing";

let engine: Engine;
afterEach(() => engine?.close());

it("serves create, stream, chain and get on the Vertex path style", async () => {
  engine = createEngine({ dbPath: ":memory:", paceMs: 0 });
  const seen: { path: string; auth: string | null }[] = [];
  const authClient = new OAuth2Client();
  authClient.setCredentials({ access_token: "ya29.local-test-token", expiry_date: Date.now() + 3_600_000 });
  const ai = new GoogleGenAI({
    vertexai: true,
    project: "my-project",
    location: "us-central1",
    googleAuthOptions: { authClient },
    httpOptions: {
      baseUrl: "http://engine.local",
      fetch: async (input, init) => {
        const req = new Request(input as RequestInfo, init);
        seen.push({ path: new URL(req.url).pathname, auth: req.headers.get("authorization") });
        return engine.fetch(req);
      },
    },
  });
  const t1 = await ai.interactions.create({ model: "gemini-3.5-flash", input: "My name is Ada." });
  expect(t1.status).toBe("completed");
  expect(seen[0]!.path).toMatch(/^\/v1[a-z0-9]*\/projects\/my-project\/locations\/us-central1\/interactions$/);
  expect(seen[0]!.auth).toBe("Bearer ya29.local-test-token");
  const stream = await ai.interactions.create({ model: "gemini-3.5-flash", input: "What is my name?", previous_interaction_id: t1.id, stream: true });
  const { text, id } = await collectStream(stream);
  expect(text).toMatch(/Ada/);
  expect((await ai.interactions.get(id)).output_text).toBe(text);
  expect(seen.every((s) => s.path.includes("/projects/my-project/locations/us-central1/"))).toBe(true);
});
