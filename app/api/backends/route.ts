import { backendsRoute } from "@/lib/proxy/server";

export const GET = backendsRoute;
