import { getTurnRoute } from "@/lib/app-api/server";

export const GET = getTurnRoute;
