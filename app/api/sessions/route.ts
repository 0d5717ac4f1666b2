import { createSessionRoute, listSessionsRoute } from "@/lib/app-api/server";
import { otherMethods } from "@/lib/http/methods";

export const GET = listSessionsRoute;
export const POST = createSessionRoute;
export const { PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET, POST });
