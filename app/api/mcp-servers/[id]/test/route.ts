import { testMcpServerRoute } from "@/lib/app-api/configurator-routes";

export const POST = testMcpServerRoute;
