import { trackJobRoute } from "@/lib/proxy/server";

export const POST = trackJobRoute;
