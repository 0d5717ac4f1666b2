import { describe, expect, it } from "vitest";
import { explainError } from "./explain-error";

describe("explainError", () => {
  it.each([
    [{ code: "invalid_request", httpStatus: 400, message: "Invalid input: use step_list input format instead of turn_list" }, "Input in the old turn-list shape", "input", undefined],
    [{ code: "invalid_request", httpStatus: 400, message: 'Invalid JSON payload received. Unknown name "contents": this is the generateContent schema' }, "Legacy generateContent request schema", "contents", undefined],
    [{ code: "invalid_request", httpStatus: 400, message: "Invalid value at 'tools[0].parameters.required': an empty \"required\" list is not allowed" }, "Empty `required` list in a tool schema", "tools[0].parameters.required", undefined],
    [{ code: "not_found", httpStatus: 404, message: "Requested entity was not found." }, "Interaction not found", undefined, "googleapis/python-genai#2985"],
    [{ code: "not_found", httpStatus: 404, message: "Method not found: POST /v1beta/interactions/int_1/cancel" }, "Method not found", undefined, "googleapis/js-genai#1254"],
    [{ code: "prohibited_content", httpStatus: 400, message: "blocked" }, "Blocked by the content filter", "input", "googleapis/js-genai#1973"],
    [{ code: "content_blocked", message: "blocked" }, "Blocked by the content filter", "input", "googleapis/js-genai#1973"],
    [{ code: "not_implemented", httpStatus: 501, message: "Chaining after an interaction that used built-in tools is not supported" }, "Not implemented", "previous_interaction_id", "googleapis/js-genai#1694"],
    [{ code: "resource_exhausted", httpStatus: 429, message: "Resource has been exhausted" }, "Rate limit or quota exhausted", undefined, undefined],
    [{ httpStatus: 429, message: "" }, "Rate limit or quota exhausted", undefined, undefined],
    [{ code: "unauthenticated", httpStatus: 401, message: "API key not valid." }, "Not authenticated", undefined, undefined],
    [{ code: "permission_denied", httpStatus: 403, message: "denied" }, "Permission denied", "model", undefined],
    [{ code: "invalid_request", httpStatus: 400, message: "Unknown model 'gemni-3'." }, "Unknown model or agent", "model", undefined],
    [{ code: "invalid_request", httpStatus: 400, message: 'Invalid JSON payload received. Unknown name "presence_penalty" at \'generation_config\': Cannot find field.' }, "Unknown field", "generation_config.presence_penalty", undefined],
    [{ code: "invalid_request", httpStatus: 400, message: "Invalid input received. Invalid value at 'input[2].name': expected string." }, "Invalid request", "input[2].name", undefined],
    [{ code: "internal", httpStatus: 500, message: "boom" }, "Server error", undefined, undefined],
  ])("%j → %s", (err, title, field, reportLabel) => {
    const x = explainError(err)!;
    expect(x.title).toBe(title);
    expect(x.field).toBe(field);
    expect(x.report?.label).toBe(reportLabel);
    expect(x.causes.length).toBeGreaterThan(0);
    expect(x.fix.length).toBeGreaterThan(0);
    if (x.report) expect(x.report.url).toMatch(/^https:\/\/github\.com\/googleapis\//);
  });

  it("explains nothing for an empty error", () => expect(explainError({})).toBeUndefined());
});
