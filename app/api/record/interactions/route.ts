import { listTurnsRoute } from "@/lib/app-api/server";

export const GET = listTurnsRoute;
