import { listMockedRoute, markMockedRoute } from "@/lib/app-api/configurator-routes";

export const GET = listMockedRoute;
export const POST = markMockedRoute;
