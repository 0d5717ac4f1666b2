import { deleteKeyRoute } from "@/lib/app-api/server";

export const DELETE = deleteKeyRoute;
