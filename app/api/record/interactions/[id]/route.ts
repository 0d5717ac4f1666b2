import { getTurnRoute } from "@/lib/proxy/server";

export const GET = getTurnRoute;
