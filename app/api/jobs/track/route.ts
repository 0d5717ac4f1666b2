import { trackJobRoute } from "@/lib/app-api/server";

export const POST = trackJobRoute;
