import { getFaultsRoute, putFaultsRoute } from "@/lib/app-api/server";
import { otherMethods } from "@/lib/http/methods";

export const GET = getFaultsRoute;
export const PUT = putFaultsRoute;
export const { POST, PATCH, DELETE, OPTIONS } = otherMethods({ GET, PUT });
