import { getSettingsRoute, putSettingsRoute } from "@/lib/app-api/server";

export const GET = getSettingsRoute;
export const PUT = putSettingsRoute;
