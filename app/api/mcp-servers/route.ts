import { createMcpServerRoute, listMcpServersRoute } from "@/lib/app-api/configurator-routes";
import { otherMethods } from "@/lib/http/methods";

export const GET = listMcpServersRoute;
export const POST = createMcpServerRoute;
export const { PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET, POST });
