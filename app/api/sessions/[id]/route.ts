import { deleteSessionRoute, getSessionRoute, patchSessionRoute } from "@/lib/app-api/server";

export const GET = getSessionRoute;
export const PATCH = patchSessionRoute;
export const DELETE = deleteSessionRoute;
