import { restorePresetRoute } from "@/lib/app-api/configurator-routes";

export const POST = restorePresetRoute;
