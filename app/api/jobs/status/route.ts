import { jobsStatusRoute } from "@/lib/proxy/server";

export const POST = jobsStatusRoute;
