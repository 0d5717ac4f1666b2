import { createMcpServerRoute, listMcpServersRoute } from "@/lib/app-api/configurator-routes";

export const GET = listMcpServersRoute;
export const POST = createMcpServerRoute;
