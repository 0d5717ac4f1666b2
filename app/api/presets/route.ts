import { createPresetRoute, listPresetsRoute } from "@/lib/app-api/configurator-routes";

export const GET = listPresetsRoute;
export const POST = createPresetRoute;
