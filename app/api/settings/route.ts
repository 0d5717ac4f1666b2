import { getSettingsRoute, putSettingsRoute } from "@/lib/proxy/server";

export const GET = getSettingsRoute;
export const PUT = putSettingsRoute;
