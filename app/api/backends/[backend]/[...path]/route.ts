// The Interactions proxy (lib/proxy/handler.ts): /api/backends/{backend}/{version}/{...path}.
import { proxyRoute } from "@/lib/app-api/server";

export const GET = proxyRoute;
export const POST = proxyRoute;
export const PUT = proxyRoute;
export const PATCH = proxyRoute;
export const DELETE = proxyRoute;
