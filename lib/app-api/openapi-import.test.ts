import { describe, expect, it } from "vitest";
import { parseCreateBody } from "@/lib/contract/request-rules";
import { ApiError } from "@/lib/interactions/errors";
import { functionName, importOpenApi, openApiImportRoute } from "./openapi-import";

const petstore = {
  openapi: "3.0.3",
  info: { title: "Pets", version: "1" },
  paths: {
    "/pets/{petId}": {
      parameters: [{ name: "petId", in: "path", required: true, description: "The pet", schema: { type: "string" } }],
      get: { operationId: "getPet", summary: "Get a pet", parameters: [{ name: "fields", in: "query", schema: { type: "string", nullable: true } }], responses: { "200": { description: "ok" } } },
      delete: { summary: "Delete a pet", responses: { "204": { description: "gone" } } },
    },
    "/pets": {
      post: {
        operationId: "create pet!",
        requestBody: { required: true, content: { "application/json": { schema: { $ref: "#/components/schemas/Pet" } } } },
        responses: { "201": { description: "made" } },
      },
      get: { operationId: "listPets", responses: { "200": { description: "ok" } } },
    },
  },
  components: {
    schemas: {
      Pet: { type: "object", "x-internal": true, properties: { name: { type: "string", example: "Rex" }, tags: { type: "array", items: { type: "string" } } } },
    },
  },
};

describe("OpenAPI 3 import", () => {
  it("one function per operation, parameters and body in one schema the service accepts", async () => {
    const r = await importOpenApi(JSON.stringify(petstore));
    expect(r.title).toBe("Pets");
    expect(r.functions.map((f) => f.name)).toEqual(["getPet", "delete_pets_petId", "listPets", "create_pet"]);
    expect(r.functions[0]).toEqual({
      name: "getPet",
      description: "Get a pet",
      parameters: {
        type: "object",
        properties: { petId: { type: "string", description: "The pet" }, fields: { type: "string" } },
        required: ["petId"],
      },
    });
    expect(r.functions[3]!.parameters).toEqual({
      type: "object",
      properties: { body: { type: "object", properties: { name: { type: "string" }, tags: { type: "array", items: { type: "string" } } } } },
      required: ["body"],
    });
    expect(r.functions[2]!.parameters).toBeUndefined();
    // The whole set is a tools[] list the engine takes.
    expect(() => parseCreateBody({ model: "m", input: "x", tools: r.functions.map((f) => ({ type: "function", ...f })) })).not.toThrow();
  });

  it("reads YAML", async () => {
    const text = "openapi: 3.1.0\ninfo: {title: Y, version: '1'}\npaths:\n  /ping:\n    get:\n      operationId: ping\n      responses: {'200': {description: ok}}\n";
    expect((await importOpenApi(text)).functions).toEqual([{ name: "ping", description: "GET /ping" }]);
  });

  it("refuses what is not OpenAPI 3, clearly", async () => {
    await expect(importOpenApi("{nope")).rejects.toThrow(ApiError);
    await expect(importOpenApi(JSON.stringify({ swagger: "2.0" }))).rejects.toThrow("Only OpenAPI 3.x documents are imported (this one says swagger 2.0)");
    await expect(importOpenApi(JSON.stringify({ openapi: "3.0.0", info: { title: "x" }, paths: {} }))).rejects.toThrow(/Not a valid OpenAPI document/);
  });

  it("never follows external $refs", async () => {
    const doc = { ...petstore, paths: { "/x": { post: { operationId: "x", requestBody: { content: { "application/json": { schema: { $ref: "file:///etc/passwd#/a" } } } }, responses: { "200": { description: "ok" } } } } } };
    const r = await importOpenApi(JSON.stringify(doc)).catch((e: Error) => e);
    // Either refused as invalid or imported with the ref left out — never read.
    const text = JSON.stringify(r instanceof Error ? r.message : r);
    expect(text).not.toContain("root:");
  });

  it("names are what the service takes", () => {
    expect(functionName("/pets/{id}")).toBe("pets_id");
    expect(functionName("123go")).toBe("op_123go");
    expect(functionName("a".repeat(100))).toHaveLength(64);
  });

  it("the route answers in the envelope", async () => {
    const ok = await openApiImportRoute(new Request("http://127.0.0.1/api/configurator/openapi", { method: "POST", body: JSON.stringify({ text: JSON.stringify(petstore) }) }));
    expect(ok.status).toBe(200);
    const bad = await openApiImportRoute(new Request("http://127.0.0.1/api/configurator/openapi", { method: "POST", body: JSON.stringify({ text: "swagger: '2.0'" }) }));
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe("invalid_request");
  });
});
