import { listJobsRoute } from "@/lib/app-api/server";

export const GET = listJobsRoute;
