export interface EditorProps {
  value: string;
  onChange?: (value: string) => void;
  readOnly?: boolean;
  language?: string;
  /** Accessible name of the editor's input element (Monaco option `ariaLabel`). */
  ariaLabel: string;
  height?: number | string;
  /**
   * Model path (Monaco matches JSON schemas by it): a name ending in `.schema.json` gets JSON Schema
   * completion and diagnostics against the bundled draft-07 meta-schema (components/configurator/json-meta-schema.ts).
   */
  path?: string;
}
