import { getFaultsRoute, putFaultsRoute } from "@/lib/app-api/server";

export const GET = getFaultsRoute;
export const PUT = putFaultsRoute;
