import { receiveWebhookRoute } from "@/lib/proxy/server";

export const POST = receiveWebhookRoute;
