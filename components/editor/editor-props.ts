export interface EditorProps {
  value: string;
  onChange?: (value: string) => void;
  readOnly?: boolean;
  language?: string;
  /** Accessible name of the editor's input element (Monaco option `ariaLabel`). */
  ariaLabel: string;
  height?: number | string;
}
