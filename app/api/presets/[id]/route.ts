import { deletePresetRoute, getPresetRoute, savePresetRoute } from "@/lib/app-api/configurator-routes";

export const GET = getPresetRoute;
export const PUT = savePresetRoute;
export const DELETE = deletePresetRoute;
