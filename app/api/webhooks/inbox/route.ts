import { webhookInboxRoute } from "@/lib/proxy/server";

export const GET = webhookInboxRoute;
