import { restorePresetRoute } from "@/lib/app-api/configurator-routes";
import { otherMethods } from "@/lib/http/methods";

export const POST = restorePresetRoute;
export const { GET, HEAD, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ POST });
