import { getPresetVersionRoute } from "@/lib/app-api/configurator-routes";

export const GET = getPresetVersionRoute;
