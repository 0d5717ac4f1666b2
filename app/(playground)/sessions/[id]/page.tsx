import { notFound } from "next/navigation";
import { SessionPane } from "@/components/session/session-pane";
import { isValidSessionId } from "@/lib/client/session-id";
import { sessionExists } from "@/lib/app-api/server";

export default async function SessionPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  if (!isValidSessionId(id)) notFound();
  // A session the record does not hold yet (a new one from `/` or "New session") starts empty in
  // the browser: no GET of a record that is not there (it would 404) before the first send.
  return <SessionPane key={id} sessionId={id} isNew={!sessionExists(id)} />;
}
