import { notFound } from "next/navigation";
import { SessionPane } from "@/components/session/session-pane";
import { isValidSessionId } from "@/lib/client/session-id";

export default async function SessionPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  if (!isValidSessionId(id)) notFound();
  return <SessionPane key={id} sessionId={id} />;
}
