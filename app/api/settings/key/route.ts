import { deleteKeyRoute } from "@/lib/app-api/server";
import { otherMethods } from "@/lib/http/methods";

export const DELETE = deleteKeyRoute;
export const { GET, HEAD, POST, PUT, PATCH, OPTIONS } = otherMethods({ DELETE });
