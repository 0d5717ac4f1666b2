import { deleteSessionRoute, getSessionRoute, patchSessionRoute } from "@/lib/proxy/server";

export const GET = getSessionRoute;
export const PATCH = patchSessionRoute;
export const DELETE = deleteSessionRoute;
