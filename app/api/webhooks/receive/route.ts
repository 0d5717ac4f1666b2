import { receiveWebhookRoute } from "@/lib/app-api/server";
import { otherMethods } from "@/lib/http/methods";

export const POST = receiveWebhookRoute;
export const { GET, HEAD, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ POST });
