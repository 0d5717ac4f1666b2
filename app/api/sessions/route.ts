import { createSessionRoute, listSessionsRoute } from "@/lib/app-api/server";

export const GET = listSessionsRoute;
export const POST = createSessionRoute;
