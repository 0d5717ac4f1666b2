import { describe, expect, it, vi } from "vitest";
import { Webhook } from "standardwebhooks";

vi.mock("server-only", () => ({}));
const { createWebhookReceiver } = await import("./webhook-receiver");
const { AppStore } = await import("@/lib/record/store");

const SECRET = `whsec_${Buffer.from("a test signing secret, 32 bytes!").toString("base64")}`;

function delivery(n: number, secret = SECRET): Request {
  const body = JSON.stringify({ type: "interaction.completed", data: { id: `int_${n}` } });
  const id = `msg_${n}`;
  const ts = new Date();
  const signature = new Webhook(secret).sign(id, ts, body);
  return new Request("http://app/api/webhooks/receive", {
    method: "POST",
    headers: { "content-type": "application/json", "webhook-id": id, "webhook-timestamp": String(Math.floor(ts.getTime() / 1000)), "webhook-signature": signature },
    body,
  });
}

describe("webhook receiver", () => {
  it("verifies signed deliveries, refuses a wrong signature, and keeps only the newest 500", async () => {
    const store = new AppStore(":memory:");
    store.setSetting("webhook_receiver", JSON.stringify({ webhook_id: "wh_1", secret: SECRET, uri: "http://app/api/webhooks/receive" }));
    let t = 1_000;
    const r = createWebhookReceiver({ store: () => store, engine: async () => new Response("{}"), now: () => t++ });
    expect((await r.receive(delivery(0))).status).toBe(200);
    const forged = await r.receive(delivery(1, `whsec_${Buffer.from("another secret, also 32 bytes!!!").toString("base64")}`));
    expect(forged.status).toBe(401);
    for (let n = 2; n < 510; n++) expect((await r.receive(delivery(n))).status).toBe(200);
    expect((store.db.prepare("SELECT COUNT(*) AS n FROM webhook_inbox").get() as { n: number }).n).toBe(500);
    const inbox = (await (await r.inbox()).json()) as { receiver: { webhook_id: string }; deliveries: { body: string; verified: boolean }[] };
    expect(inbox.receiver.webhook_id).toBe("wh_1");
    expect(inbox.deliveries).toHaveLength(200);
    expect(JSON.parse(inbox.deliveries[0]!.body).data.id).toBe("int_509"); // newest first
    // The oldest kept is the 500th newest: int_10 (0..509 arrived, int_1 was the forged one).
    const oldest = store.db.prepare("SELECT body FROM webhook_inbox ORDER BY received_ms LIMIT 1").get() as { body: string };
    expect(JSON.parse(oldest.body).data.id).toBe("int_10");
    store.close();
  });
});
