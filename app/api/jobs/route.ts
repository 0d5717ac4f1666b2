import { listJobsRoute } from "@/lib/proxy/server";

export const GET = listJobsRoute;
