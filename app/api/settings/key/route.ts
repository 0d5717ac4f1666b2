import { deleteKeyRoute } from "@/lib/proxy/server";

export const DELETE = deleteKeyRoute;
