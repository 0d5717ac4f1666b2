import { getPresetVersionRoute } from "@/lib/app-api/configurator-routes";
import { otherMethods } from "@/lib/http/methods";

export const GET = getPresetVersionRoute;
export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET });
