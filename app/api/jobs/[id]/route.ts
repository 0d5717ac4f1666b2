import { deleteJobRoute } from "@/lib/app-api/server";

export const DELETE = deleteJobRoute;
