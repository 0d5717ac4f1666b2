import { healthRoute } from "@/lib/proxy/server";

export const GET = healthRoute;
