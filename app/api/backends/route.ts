import { backendsRoute } from "@/lib/app-api/server";
import { otherMethods } from "@/lib/http/methods";

export const GET = backendsRoute;
export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET });
