import { listTurnsRoute } from "@/lib/proxy/server";

export const GET = listTurnsRoute;
