import { backendsRoute } from "@/lib/app-api/server";

export const GET = backendsRoute;
