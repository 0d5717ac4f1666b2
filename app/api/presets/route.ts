import { createPresetRoute, listPresetsRoute } from "@/lib/app-api/configurator-routes";
import { otherMethods } from "@/lib/http/methods";

export const GET = listPresetsRoute;
export const POST = createPresetRoute;
export const { PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET, POST });
