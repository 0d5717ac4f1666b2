import { redirect } from "next/navigation";
import { connection } from "next/server";
import { newSessionId } from "@/lib/client/session-id";

// `/` opens a fresh session. The id is made per request (never prerendered into one fixed id);
// the session exists in the record once its first turn is sent.
export default async function Home() {
  await connection();
  redirect(`/sessions/${newSessionId()}`);
}
