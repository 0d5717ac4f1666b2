import { healthRoute } from "@/lib/app-api/server";
import { otherMethods } from "@/lib/http/methods";

export const GET = healthRoute;
export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET });
