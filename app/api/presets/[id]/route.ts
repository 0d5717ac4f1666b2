import { deletePresetRoute, getPresetRoute, savePresetRoute } from "@/lib/app-api/configurator-routes";
import { otherMethods } from "@/lib/http/methods";

export const GET = getPresetRoute;
export const PUT = savePresetRoute;
export const DELETE = deletePresetRoute;
export const { POST, PATCH, OPTIONS } = otherMethods({ GET, PUT, DELETE });
