import { getSettingsRoute, putSettingsRoute } from "@/lib/app-api/server";
import { otherMethods } from "@/lib/http/methods";

export const GET = getSettingsRoute;
export const PUT = putSettingsRoute;
export const { POST, PATCH, DELETE, OPTIONS } = otherMethods({ GET, PUT });
