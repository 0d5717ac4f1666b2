import { deleteJobRoute } from "@/lib/app-api/server";
import { otherMethods } from "@/lib/http/methods";

export const DELETE = deleteJobRoute;
export const { GET, HEAD, POST, PUT, PATCH, OPTIONS } = otherMethods({ DELETE });
