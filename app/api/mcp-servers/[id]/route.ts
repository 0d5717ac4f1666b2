import { deleteMcpServerRoute, getMcpServerRoute, updateMcpServerRoute } from "@/lib/app-api/configurator-routes";

export const GET = getMcpServerRoute;
export const PUT = updateMcpServerRoute;
export const DELETE = deleteMcpServerRoute;
