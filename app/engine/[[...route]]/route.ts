// The embedded engine, mounted at /engine (its own paths: /{version}/…, /admin/…), behind the guard.
import { engineRoute } from "@/lib/app-api/server";

export const GET = engineRoute;
export const POST = engineRoute;
export const PUT = engineRoute;
export const PATCH = engineRoute;
export const DELETE = engineRoute;
