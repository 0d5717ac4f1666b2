"use client";
// Vertex AI for the `vertex` backend: project, location and a credential (an access token, or a
// service-account key / ADC JSON), kept on the server (PUT /api/settings). The browser sees the
// project and location, the credential's kind and a hint (a masked token, a client_email), never
// the credential; the typed values are cleared once sent.
import { useSaveVertex, useServerSettings } from "@/lib/client/queries";
import { SecretField } from "./secret-field";

const KIND: Record<string, string> = {
  access_token: "access token",
  service_account: "service-account key",
  authorized_user: "ADC user credentials",
  adc: "application default credentials",
  invalid: "unusable credentials",
};

const SOURCE: Record<string, string> = { env: "from the environment", settings: "saved in settings", adc: "discovered at run time" };

export function VertexField() {
  const settings = useServerSettings();
  const save = useSaveVertex();
  const v = settings.data?.vertex;
  const saved = v && (v.project_source === "settings" || v.location_source === "settings" || v.credential_source === "settings");
  return (
    <SecretField
      state={{ pending: settings.isPending, error: settings.error?.message, configured: !!v?.configured }}
      configuredBadge="Vertex configured"
      missingBadge="No Vertex project"
      details={
        v ? (
          <>
            {v.project ? (
              <span className="font-mono text-muted" aria-label="Current Vertex project">
                {v.project}
              </span>
            ) : null}
            <span className="font-mono text-muted" aria-label="Current Vertex location">
              {v.location}
            </span>
            <span className="text-faint" aria-label="Current Vertex credential">
              {KIND[v.credential ?? ""] ?? v.credential ?? "no credential"}
              {v.credential_hint ? <span className="font-mono"> {v.credential_hint}</span> : null}
              {v.credential_source ? ` · ${SOURCE[v.credential_source]}` : null}
            </span>
            <span className="break-all font-mono text-faint" aria-label="Current Vertex endpoint">
              {v.base_url}
            </span>
          </>
        ) : null
      }
      inputs={[
        { name: "vertex_project", label: "Vertex project", kind: "text", mono: true, placeholder: v?.project ? "Replace project…" : "Google Cloud project id" },
        { name: "vertex_location", label: "Vertex location", kind: "text", mono: true, placeholder: `Location (${v?.location ?? "global"})` },
        { name: "vertex_access_token", label: "Vertex access token", kind: "secret", placeholder: "Access token (gcloud auth print-access-token)" },
        { name: "vertex_credentials", label: "Vertex credentials JSON", kind: "secret-text", placeholder: "…or paste a service-account key / ADC JSON (tokens refresh)" },
      ]}
      submitLabel="Save Vertex"
      save={(values) => save.mutateAsync(values)}
      saving={save.isPending}
      saveError={save.error?.message}
      remove={saved ? { label: "Remove saved Vertex settings", run: () => save.mutate(null), busy: save.isPending } : null}
      note={
        <>
          Used by the <span className="font-mono">vertex</span> backend (Google&apos;s Interactions API on Vertex AI). Kept on the playground server,
          which sends the token; the browser never holds it.
        </>
      }
    />
  );
}
