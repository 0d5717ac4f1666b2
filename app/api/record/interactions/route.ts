import { listTurnsRoute } from "@/lib/app-api/server";
import { otherMethods } from "@/lib/http/methods";

export const GET = listTurnsRoute;
export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET });
