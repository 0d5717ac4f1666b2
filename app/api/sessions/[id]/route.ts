import { deleteSessionRoute, getSessionRoute, patchSessionRoute } from "@/lib/app-api/server";
import { otherMethods } from "@/lib/http/methods";

export const GET = getSessionRoute;
export const PATCH = patchSessionRoute;
export const DELETE = deleteSessionRoute;
export const { POST, PUT, OPTIONS } = otherMethods({ GET, PATCH, DELETE });
