import { openApiImportRoute } from "@/lib/app-api/configurator-routes";

export const POST = openApiImportRoute;
