// Next wiring for the configurator's app API: the process-wide app store, every handler behind
// the origin/host guard. Route files import from here and stay one line each.
import "server-only";
import { getEnv } from "@/lib/env";
import { withGuard } from "@/lib/proxy/guard";
import { getAppStore } from "@/lib/record/store";
import { openApiImportRoute as openApi } from "./openapi-import";
import { createPresetsApi, type IdParams } from "./presets";
import { createMcpServersApi, type McpIdParams } from "./mcp-servers";

let api: ReturnType<typeof createPresetsApi> | undefined;
const presets = () => (api ??= createPresetsApi({ db: () => getAppStore(getEnv().APP_DB).db }));
let mcpApi: ReturnType<typeof createMcpServersApi> | undefined;
const mcp = () => (mcpApi ??= createMcpServersApi({ db: () => getAppStore(getEnv().APP_DB).db }));
const guard = <A extends unknown[]>(fn: (req: Request, ...rest: A) => Promise<Response>) => withGuard(fn, () => ({ allowedHosts: getEnv().APP_ALLOWED_HOSTS }));

export const listPresetsRoute = guard(() => presets().list());
export const createPresetRoute = guard((req: Request) => presets().create(req));
export const getPresetRoute = guard((req: Request, ctx: IdParams) => presets().get(req, ctx));
export const savePresetRoute = guard((req: Request, ctx: IdParams) => presets().save(req, ctx));
export const deletePresetRoute = guard((req: Request, ctx: IdParams) => presets().remove(req, ctx));
export const getPresetVersionRoute = guard((req: Request, ctx: IdParams) => presets().version(req, ctx));
export const restorePresetRoute = guard((req: Request, ctx: IdParams) => presets().restore(req, ctx));
export const listMockedRoute = guard((req: Request) => presets().listMocked(req));
export const markMockedRoute = guard((req: Request) => presets().markMocked(req));
export const openApiImportRoute = guard(openApi);
export const listMcpServersRoute = guard(() => mcp().list());
export const createMcpServerRoute = guard((req: Request) => mcp().create(req));
export const getMcpServerRoute = guard((req: Request, ctx: McpIdParams) => mcp().get(req, ctx));
export const updateMcpServerRoute = guard((req: Request, ctx: McpIdParams) => mcp().update(req, ctx));
export const deleteMcpServerRoute = guard((req: Request, ctx: McpIdParams) => mcp().remove(req, ctx));
export const testMcpServerRoute = guard((req: Request, ctx: McpIdParams) => mcp().test(req, ctx));
