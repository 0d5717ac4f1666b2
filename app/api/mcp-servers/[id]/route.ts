import { deleteMcpServerRoute, getMcpServerRoute, updateMcpServerRoute } from "@/lib/app-api/configurator-routes";
import { otherMethods } from "@/lib/http/methods";

export const GET = getMcpServerRoute;
export const PUT = updateMcpServerRoute;
export const DELETE = deleteMcpServerRoute;
export const { POST, PATCH, OPTIONS } = otherMethods({ GET, PUT, DELETE });
