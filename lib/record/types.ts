// Shapes of the app's local record as its JSON API returns them: defined once, in the app API's
// contract (lib/contract/app-api.ts); re-exported here for the record store.
export type { RecordedInteraction, RecordedLine, Session, Turn } from "@/lib/contract/app-api";
