import { receiveWebhookRoute } from "@/lib/app-api/server";

export const POST = receiveWebhookRoute;
