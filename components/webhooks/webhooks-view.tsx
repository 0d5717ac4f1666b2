"use client";
// /webhooks: the deliveries the playground's own receiver got from the embedded engine (headers,
// body, verified or why not), the engine's delivery log with redeliver, a verifying handler to
// copy, and what changes on the gemini backend (Google cannot reach localhost).
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { apiFetch } from "@/lib/client/api";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import type { InboxEntry } from "@/lib/app-api/webhook-receiver";

/** What the app's webhook receiver kept of one delivery (lib/app-api/webhook-receiver.ts). */
type InboxDelivery = InboxEntry;

interface EngineDelivery {
  id: string;
  webhook_id: string | null;
  kind: string;
  uri: string;
  event_type: string;
  status: string;
  attempts: number;
  last_http_status: number | null;
  last_error: string | null;
  create_time: string;
}

const HANDLER = `// A verifying webhook handler (Node, any framework): npm install standardwebhooks
import { Webhook } from "standardwebhooks";

const wh = new Webhook(process.env.WEBHOOK_SECRET!); // "whsec_…", shown once when the webhook is created

export async function POST(req: Request): Promise<Response> {
  const body = await req.text(); // the raw body: verify before parsing
  try {
    const event = wh.verify(body, {
      "webhook-id": req.headers.get("webhook-id") ?? "",
      "webhook-timestamp": req.headers.get("webhook-timestamp") ?? "",
      "webhook-signature": req.headers.get("webhook-signature") ?? "",
    }) as { type: string; data: { id: string; status: string } };
    console.log(event.type, event.data.id, event.data.status);
    return new Response(null, { status: 204 });
  } catch {
    return new Response("invalid signature", { status: 401 });
  }
}
`;

export function WebhooksView() {
  const qc = useQueryClient();
  const inbox = useQuery({
    queryKey: ["webhook-inbox"],
    queryFn: () => apiFetch<{ receiver: { webhook_id: string; uri: string } | null; deliveries: InboxDelivery[] }>("/api/webhooks/inbox"),
    refetchInterval: 2_000,
  });
  const log = useQuery({
    queryKey: ["engine-webhook-deliveries"],
    queryFn: () => apiFetch<{ deliveries: EngineDelivery[] }>("/engine/admin/webhook-deliveries?limit=50"),
    refetchInterval: 3_000,
  });
  const [msg, setMsg] = useState<string | null>(null);

  async function redeliver(id: string) {
    try {
      await apiFetch(`/engine/admin/webhook-deliveries/${encodeURIComponent(id)}:redeliver`, { method: "POST" });
      setMsg(`Redelivering ${id}…`);
      void qc.invalidateQueries({ queryKey: ["engine-webhook-deliveries"] });
    } catch (e) {
      setMsg(`Redeliver failed: ${(e as Error).message}`);
    }
  }

  return (
    <div className="min-h-0 flex-1 overflow-y-auto">
      <div className="mx-auto max-w-5xl space-y-6 px-4 py-4 text-sm">
        <header className="space-y-1">
          <h1 className="text-base font-semibold">Webhooks</h1>
          <p className="text-muted">
            The playground registers its own webhook on the local engine at start and verifies every delivery with the secret it holds
            server-side. Background runs on the <strong>local</strong> backend that end completed, failed or requires_action arrive here.
          </p>
          <p className="text-xs text-muted" data-testid="receiver">
            {inbox.data?.receiver ? (
              <>
                Receiver <span className="font-mono">{inbox.data.receiver.webhook_id}</span> → <span className="font-mono">{inbox.data.receiver.uri}</span>
              </>
            ) : inbox.isSuccess ? (
              "No receiver registered yet (the server registers one at start)."
            ) : null}
          </p>
        </header>

        <section aria-label="Received deliveries" className="space-y-2">
          <h2 className="font-semibold">Received deliveries</h2>
          {inbox.isError ? <p role="alert" className="text-err">Could not load deliveries: {inbox.error.message}</p> : null}
          {inbox.data && !inbox.data.deliveries.length ? <p className="text-muted">Nothing received yet. Start a background run on the local backend.</p> : null}
          <ul className="space-y-2">
            {inbox.data?.deliveries.map((d) => {
              let type = "";
              try {
                type = (JSON.parse(d.body) as { type?: string }).type ?? "";
              } catch {
                type = "(not JSON)";
              }
              return (
                <li key={d.id} className="rounded-lg border border-line bg-raised p-3" aria-label={`Delivery ${type} ${d.verified ? "verified" : "not verified"}`}>
                  <div className="flex flex-wrap items-center gap-2">
                    <span className="font-mono text-xs">{type}</span>
                    <Badge tone={d.verified ? "ok" : "err"}>{d.verified ? "verified" : "not verified"}</Badge>
                    <Badge>{d.kind === "dynamic" ? "webhook_config (JWT)" : d.kind === "registered" ? "registered (HMAC)" : "unsigned"}</Badge>
                    <span className="ml-auto text-xs text-muted">{new Date(d.received_ms).toLocaleTimeString()}</span>
                  </div>
                  {d.reason ? <p className="mt-1 text-xs text-err">Why not: {d.reason}</p> : null}
                  <details className="mt-2 text-xs">
                    <summary className="cursor-pointer text-muted">Headers and body</summary>
                    <pre className="mt-1 overflow-x-auto rounded bg-sunken p-2">{Object.entries(d.headers).map(([k, v]) => `${k}: ${v}`).join("\n")}</pre>
                    <pre className="mt-1 overflow-x-auto rounded bg-sunken p-2">{d.body}</pre>
                  </details>
                </li>
              );
            })}
          </ul>
        </section>

        <section aria-label="Engine delivery log" className="space-y-2">
          <h2 className="font-semibold">Engine delivery log</h2>
          {msg ? <p role="status" className="text-xs text-muted">{msg}</p> : null}
          <div className="overflow-x-auto">
            <table className="w-full min-w-[40rem] text-xs">
              <thead className="text-left text-muted">
                <tr>
                  <th className="py-1">Event</th>
                  <th>Target</th>
                  <th>Status</th>
                  <th>Attempts</th>
                  <th>Last answer</th>
                  <th>
                    <span className="sr-only">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {log.data?.deliveries.map((d) => (
                  <tr key={d.id} className="border-t border-line">
                    <td className="py-1 font-mono">{d.event_type}</td>
                    <td className="max-w-[16rem] truncate font-mono" title={d.uri}>
                      {d.uri}
                    </td>
                    <td>{d.status}</td>
                    <td>{d.attempts}</td>
                    <td>{d.last_error ?? (d.last_http_status ? `HTTP ${d.last_http_status}` : "—")}</td>
                    <td>
                      <Button size="sm" variant="ghost" onClick={() => void redeliver(d.id)} aria-label={`Redeliver ${d.id}`}>
                        Redeliver
                      </Button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>

        <section aria-label="Verifying handler" className="space-y-2">
          <div className="flex items-center gap-2">
            <h2 className="font-semibold">A verifying handler for your server</h2>
            <CopyButton text={HANDLER} label="Copy the verifying handler" />
          </div>
          <pre className="overflow-x-auto rounded-lg bg-sunken p-3 text-xs">{HANDLER}</pre>
        </section>

        <section aria-label="Gemini backend" className="space-y-1">
          <h2 className="font-semibold">On the gemini backend</h2>
          <p className="text-muted">
            Google&apos;s service cannot reach <span className="font-mono">localhost</span>, so this receiver only sees the local engine&apos;s
            deliveries. To receive Google&apos;s, register a webhook whose <span className="font-mono">uri</span> is a public HTTPS URL (your
            deployed handler, or a tunnel such as <span className="font-mono">cloudflared tunnel</span> / <span className="font-mono">ngrok http 3000</span>{" "}
            forwarding to <span className="font-mono">/api/webhooks/receive</span>) with{" "}
            <span className="font-mono">ai.webhooks.create(&#123; uri, subscribed_events: [&quot;interaction.completed&quot;] &#125;)</span>, keep the{" "}
            <span className="font-mono">new_signing_secret</span> it returns once, and verify with the handler above.
          </p>
        </section>
      </div>
    </div>
  );
}
