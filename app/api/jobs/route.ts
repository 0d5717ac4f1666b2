import { listJobsRoute } from "@/lib/app-api/server";
import { otherMethods } from "@/lib/http/methods";

export const GET = listJobsRoute;
export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET });
