import { healthRoute } from "@/lib/app-api/server";

export const GET = healthRoute;
