// A turn's new input: attachments and function-result forms turned into wire content / steps. Pure.
import type { Content, Step } from "@/lib/interactions/types";

export type AttachmentKind = "image" | "audio" | "document";

export interface Attachment {
  id: string;
  name: string;
  mimeType: string;
  size: number;
  /** Base64 without the data: URL prefix. */
  data: string;
}

/** Which content item a file becomes; null for types we do not send (reference §3). */
export function attachmentKind(mimeType: string): AttachmentKind | null {
  const m = mimeType.toLowerCase();
  if (m.startsWith("image/")) return "image";
  if (m.startsWith("audio/")) return "audio";
  if (m === "application/pdf") return "document";
  return null;
}

export function attachmentToContent(a: Attachment): Content {
  const kind = attachmentKind(a.mimeType);
  if (!kind) throw new Error(`Unsupported attachment type ${a.mimeType}`);
  return { type: kind, data: a.data, mime_type: a.mimeType };
}

/** Strip the `data:<mime>;base64,` prefix FileReader.readAsDataURL puts in front. */
export function base64FromDataUrl(dataUrl: string): string {
  const i = dataUrl.indexOf(",");
  return i >= 0 ? dataUrl.slice(i + 1) : dataUrl;
}

/** The user_input step for a prompt plus attachments (text first, then files in order). */
export function userInputStep(text: string, attachments: Attachment[] = []): Step {
  const content: Content[] = [];
  if (text.trim()) content.push({ type: "text", text });
  for (const a of attachments) content.push(attachmentToContent(a));
  return { type: "user_input", content };
}

export interface FunctionResultDraft {
  callId: string;
  name: string;
  text: string;
  isError: boolean;
}

/**
 * A result typed into the form: a JSON object is sent as an object; anything else (plain text,
 * a number, an array — arrays must be content items on the wire) is sent as the typed string.
 */
export function parseResultText(text: string): string | Record<string, unknown> {
  const t = text.trim();
  if (t.startsWith("{")) {
    try {
      const v = JSON.parse(t) as unknown;
      if (v && typeof v === "object" && !Array.isArray(v)) return v as Record<string, unknown>;
    } catch {
      /* not JSON: send as text */
    }
  }
  return text;
}

export function functionResultSteps(drafts: FunctionResultDraft[]): Step[] {
  return drafts.map((d) => {
    const step: Step = { type: "function_result", call_id: d.callId, name: d.name, result: parseResultText(d.text) };
    if (d.isError) step.is_error = true;
    return step;
  });
}
