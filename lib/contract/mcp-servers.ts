// The contract of /api/mcp-servers (docs/configurator.md, "MCP servers"): saved MCP server entries
// whose header values stay on the server. Browser-safe: zod only. A header value goes up once
// (create, or a replaced value on update) and never comes back: views carry its name and a mask.
import { z } from "zod";

/** An HTTP header name (RFC 9110 token), as the MCP client will send it. */
const HeaderName = z
  .string()
  .trim()
  .min(1, "a header needs a name")
  .max(256, "a header name must be at most 256 characters")
  .regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, "a header name may hold only letters, digits and !#$%&'*+.^_`|~-");
/** No CR/LF/NUL: a value cannot smuggle a second header. */
const HeaderValue = z
  .string()
  .max(8192, "a header value must be at most 8192 characters")
  .regex(/^[^\r\n\0]*$/, "a header value must not contain line breaks");

export const McpEntryName = z
  .string()
  .trim()
  .min(1, "must not be empty")
  .max(128, "must be at most 128 characters")
  .regex(/^[A-Za-z0-9_.-]+$/, "may hold only letters, digits, '_', '.' and '-'");

export const McpEntryUrl = z
  .string()
  .trim()
  .min(1, "must not be empty")
  .max(2048, "must be at most 2048 characters")
  .refine((u) => {
    try {
      const p = new URL(u).protocol;
      return p === "http:" || p === "https:";
    } catch {
      return false;
    }
  }, "must be an http(s) URL");

function uniqueNames(list: { name: string }[], ctx: z.RefinementCtx) {
  const seen = new Set<string>();
  for (const h of list) {
    const k = h.name.toLowerCase();
    if (seen.has(k)) ctx.addIssue({ code: "custom", message: `header "${h.name}" is given twice` });
    seen.add(k);
  }
}

export const McpServerCreate = z.strictObject({
  name: McpEntryName,
  url: McpEntryUrl,
  headers: z.array(z.strictObject({ name: HeaderName, value: HeaderValue.min(1, "a header needs a value") })).max(32).default([]).superRefine(uniqueNames),
});
export type McpServerCreate = z.infer<typeof McpServerCreate>;

/**
 * An update: every field optional. `headers`, when given, is the whole new list: an item with a
 * `value` sets it; an item without one keeps the saved value of that same header name (it must
 * exist); saved headers not listed are removed.
 */
export const McpServerUpdate = z.strictObject({
  name: McpEntryName.optional(),
  url: McpEntryUrl.optional(),
  headers: z.array(z.strictObject({ name: HeaderName, value: HeaderValue.min(1, "a header needs a value").optional() })).max(32).superRefine(uniqueNames).optional(),
});
export type McpServerUpdate = z.infer<typeof McpServerUpdate>;

/** Where a server's host is, judged from its URL alone (no DNS): decides which backends can reach it. */
export const McpReach = z.enum(["loopback", "private", "public"]);
export type McpReach = z.infer<typeof McpReach>;

export const McpServerView = z.object({
  id: z.string(),
  name: z.string(),
  url: z.string(),
  /** Header names with a masked value; never the value. */
  headers: z.array(z.object({ name: z.string(), masked: z.string() })),
  reach: McpReach,
  created: z.number(),
  updated: z.number(),
});
export type McpServerView = z.infer<typeof McpServerView>;

export const McpToolListing = z.object({ name: z.string(), description: z.string().optional(), input_schema: z.record(z.string(), z.unknown()) });
export type McpToolListing = z.infer<typeof McpToolListing>;

/** POST /api/mcp-servers/{id}/test: the tools the server lists (failures are envelopes). */
export const McpTestResult = z.object({ tools: z.array(McpToolListing) });
export type McpTestResult = z.infer<typeof McpTestResult>;
