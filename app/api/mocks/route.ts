import { listMockedRoute, markMockedRoute } from "@/lib/app-api/configurator-routes";
import { otherMethods } from "@/lib/http/methods";

export const GET = listMockedRoute;
export const POST = markMockedRoute;
export const { PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET, POST });
