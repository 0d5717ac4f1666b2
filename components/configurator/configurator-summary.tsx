"use client";
// The configurator in the run settings panel: what it adds to each turn, and the way to edit it.
import Link from "next/link";
import { useShallow } from "zustand/react/shallow";
import { configuratorTools } from "@/lib/client/configurator/request";
import { draftOf, useConfigurator } from "@/lib/client/configurator/store";
import { Toggle } from "@/components/ui/toggle";

export function ConfiguratorSummary() {
  const d = useConfigurator(useShallow(draftOf));
  const setAuto = useConfigurator((s) => s.setAuto);
  const tools = configuratorTools(d);
  const mocked = d.functions.filter((f) => f.mock.mode !== "manual").length;
  const mcp = d.mcpServers.filter((m) => m.enabled).length;
  return (
    <div className="space-y-2">
      <p className="text-xs text-muted">
        {d.functions.length} function{d.functions.length === 1 ? "" : "s"}
        {mocked ? ` (${mocked} mocked)` : ""} · {tools.ok ? tools.value.length - d.functions.length - mcp : 0} built-in · {mcp} MCP server{mcp === 1 ? "" : "s"} · response format {d.responseFormat.enabled ? "on" : "off"}
      </p>
      {!tools.ok ? (
        <p role="alert" className="text-xs text-err">
          {tools.error}
        </p>
      ) : null}
      <Toggle label="Auto-answer with mocks" hint={`Up to ${d.auto.loopLimit} rounds in a row.`} checked={d.auto.enabled} onChange={(e) => setAuto({ enabled: e.target.checked })} />
      <Link href="/configurator" className="inline-flex h-7 items-center rounded-md border border-line bg-raised px-2 text-xs font-medium hover:bg-sunken">
        Open configurator
      </Link>
    </div>
  );
}
