import { deleteJobRoute } from "@/lib/proxy/server";

export const DELETE = deleteJobRoute;
