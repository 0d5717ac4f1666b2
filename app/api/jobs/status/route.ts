import { jobsStatusRoute } from "@/lib/app-api/server";

export const POST = jobsStatusRoute;
