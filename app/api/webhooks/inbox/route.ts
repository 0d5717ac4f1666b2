import { webhookInboxRoute } from "@/lib/app-api/server";

export const GET = webhookInboxRoute;
