// Monaco from the installed `monaco-editor` package, never from a CDN (toolchain.md A4).
// `loader.config({ monaco })` stops @monaco-editor/react from injecting its jsdelivr <script>,
// and the workers are bundled by Turbopack from `new Worker(new URL(...), { type: "module" })`.
// monaco-editor >= 0.56 has an exports map: "monaco-editor/<path>" -> esm/vs/<path>.js.
import { loader } from "@monaco-editor/react";
import { registerJsonMetaSchema } from "@/components/configurator/json-meta-schema";

let monacoReady: Promise<void> | null = null;

export function setupMonaco(): Promise<void> {
  monacoReady ??= (async () => {
    self.MonacoEnvironment = {
      getWorker(_id: string, label: string) {
        switch (label) {
          case "json":
            return new Worker(new URL("monaco-editor/languages/features/json/json.worker", import.meta.url), { type: "module" });
          case "css":
          case "scss":
          case "less":
            return new Worker(new URL("monaco-editor/languages/features/css/css.worker", import.meta.url), { type: "module" });
          case "html":
          case "handlebars":
          case "razor":
            return new Worker(new URL("monaco-editor/languages/features/html/html.worker", import.meta.url), { type: "module" });
          case "typescript":
          case "javascript":
            return new Worker(new URL("monaco-editor/languages/features/typescript/ts.worker", import.meta.url), { type: "module" });
          default:
            return new Worker(new URL("monaco-editor/editor/editor.worker", import.meta.url), { type: "module" });
        }
      },
    };
    const monaco = await import("monaco-editor");
    // TypeScript here is only ever a read-only snippet (the inspector's "Code" tab) whose imports
    // (@google/genai, process) Monaco cannot resolve: keep syntax checks, drop semantic ones so
    // correct code is not underlined as broken.
    monaco.typescript?.typescriptDefaults?.setDiagnosticsOptions({ noSemanticValidation: true, noSyntaxValidation: false });
    registerJsonMetaSchema(monaco);
    loader.config({ monaco });
    await loader.init();
  })().catch((err: unknown) => {
    monacoReady = null; // let a later mount try again
    throw err;
  });
  return monacoReady;
}
