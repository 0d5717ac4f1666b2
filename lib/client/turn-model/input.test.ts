import { describe, expect, it } from "vitest";
import { attachmentKind, attachmentToContent, base64FromDataUrl, functionResultSteps, parseResultText, userInputStep } from "./input";

describe("attachments → content items", () => {
  it("maps image, audio and PDF files and refuses others", () => {
    expect(attachmentKind("image/png")).toBe("image");
    expect(attachmentKind("audio/mpeg")).toBe("audio");
    expect(attachmentKind("application/pdf")).toBe("document");
    expect(attachmentKind("application/zip")).toBeNull();
    expect(() => attachmentToContent({ id: "1", name: "a.zip", mimeType: "application/zip", size: 3, data: "AAA" })).toThrow(/Unsupported/);
  });

  it("puts the text first and each file as base64 data with its mime type", () => {
    expect(base64FromDataUrl("data:image/png;base64,iVBORw0K")).toBe("iVBORw0K");
    const step = userInputStep("Describe these", [
      { id: "a", name: "cat.png", mimeType: "image/png", size: 4, data: "iVBO" },
      { id: "b", name: "memo.pdf", mimeType: "application/pdf", size: 4, data: "JVBE" },
      { id: "c", name: "hi.mp3", mimeType: "audio/mpeg", size: 4, data: "SUQz" },
    ]);
    expect(step).toEqual({
      type: "user_input",
      content: [
        { type: "text", text: "Describe these" },
        { type: "image", data: "iVBO", mime_type: "image/png" },
        { type: "document", data: "JVBE", mime_type: "application/pdf" },
        { type: "audio", data: "SUQz", mime_type: "audio/mpeg" },
      ],
    });
    expect(userInputStep("  ", [{ id: "a", name: "x.png", mimeType: "image/png", size: 1, data: "A" }]).content).toHaveLength(1);
  });
});

describe("function-result form → steps", () => {
  it("sends JSON objects as objects and everything else as the typed text", () => {
    expect(parseResultText('{"temp": 21}')).toEqual({ temp: 21 });
    expect(parseResultText("sunny, 21C")).toBe("sunny, 21C");
    expect(parseResultText("[1,2]")).toBe("[1,2]");
    expect(parseResultText("{not json")).toBe("{not json");
  });

  it("fills name and call_id and sets is_error only when switched on", () => {
    expect(
      functionResultSteps([
        { callId: "call_a", name: "get_weather", text: '{"c":21}', isError: false },
        { callId: "call_b", name: "get_time", text: "timeout", isError: true },
      ]),
    ).toEqual([
      { type: "function_result", call_id: "call_a", name: "get_weather", result: { c: 21 } },
      { type: "function_result", call_id: "call_b", name: "get_time", result: "timeout", is_error: true },
    ]);
  });
});
