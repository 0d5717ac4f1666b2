import { createSessionRoute, listSessionsRoute } from "@/lib/proxy/server";

export const GET = listSessionsRoute;
export const POST = createSessionRoute;
