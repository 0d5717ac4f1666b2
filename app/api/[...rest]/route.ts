// Any /api/… path no other route takes: a JSON 404 in the error envelope, never Next's HTML page.
import { unknownApiRoute } from "@/lib/app-api/server";

export const GET = unknownApiRoute;
export const HEAD = unknownApiRoute;
export const POST = unknownApiRoute;
export const PUT = unknownApiRoute;
export const PATCH = unknownApiRoute;
export const DELETE = unknownApiRoute;
export const OPTIONS = unknownApiRoute;
