"use client";
// The configurator (full page): functions with schemas and mocks, built-in tools, structured
// output, auto-answer, presets, and the tools/response_format it adds to every request.
import Link from "next/link";
import { useShallow } from "zustand/react/shallow";
import { applyConfigurator } from "@/lib/client/configurator/request";
import { lintRequest } from "@/lib/client/configurator/lint";
import { draftOf, useConfigurator } from "@/lib/client/configurator/store";
import { parseTools } from "@/lib/client/turn-model";
import { useSettings } from "@/lib/client/settings-store";
import { JsonBlock } from "@/components/session/markdown";
import { BuiltinsSection } from "./builtins-section";
import { FunctionsSection } from "./functions-section";
import { McpSection } from "./mcp-section";
import { PresetsSection } from "./presets-section";
import { AutoAnswerSection, ResponseFormatSection } from "./response-format-section";
import { ConfigSection } from "./section";

function RequestPreview() {
  const draft = useConfigurator(useShallow(draftOf));
  const toolsJson = useSettings((s) => s.toolsJson);
  const raw = parseTools(toolsJson);
  const body = applyConfigurator({ tools: raw.ok ? raw.value : [] }, draft);
  const fragment = body.ok ? { ...(Array.isArray(body.value.tools) && body.value.tools.length ? { tools: body.value.tools } : {}), ...(body.value.response_format ? { response_format: body.value.response_format } : {}) } : null;
  const findings = fragment ? lintRequest({ model: "m", input: "x", ...fragment }).filter((f) => f.level === "error") : [];
  return (
    <ConfigSection title="What every turn sends" id="cfg-preview" aside={<span className="text-xs text-faint">re-sent on each turn (not inherited)</span>}>
      {!body.ok ? (
        <p role="alert" className="text-xs text-err">
          {body.error}
        </p>
      ) : fragment && Object.keys(fragment).length ? (
        <JsonBlock value={fragment} />
      ) : (
        <p className="text-xs text-faint">Nothing configured: no tools, no response_format.</p>
      )}
      {raw.ok && raw.value.length ? <p className="text-xs text-faint">Includes {raw.value.length} tool(s) from the raw Tools JSON in Run settings.</p> : null}
      {findings.map((f) => (
        <p key={f.rule + f.path} role="alert" className="text-xs text-err">
          The service would reject it: {f.message}
        </p>
      ))}
    </ConfigSection>
  );
}

export function Configurator() {
  return (
    <div className="min-h-0 flex-1 overflow-y-auto">
      <div className="mx-auto w-full max-w-3xl space-y-4 px-3 py-4 sm:px-6">
        <header className="flex flex-wrap items-center gap-2">
          <h1 className="text-lg font-semibold">Configurator</h1>
          <p className="w-full text-xs text-muted sm:w-auto sm:flex-1">Tools, mocks and structured output for the next turns. Drafts are kept in this browser; presets on the server.</p>
          <Link href="/" className="text-xs font-medium text-accent hover:underline">
            Back to a session
          </Link>
        </header>
        <FunctionsSection />
        <BuiltinsSection />
        <McpSection />
        <ResponseFormatSection />
        <AutoAnswerSection />
        <RequestPreview />
        <PresetsSection />
      </div>
    </div>
  );
}
