// Shown while Monaco loads (and if it fails). No Monaco import here: the lazy wrappers use it.
export function EditorPlaceholder({ height, label, message }: { height: number | string; label: string; message: string }) {
  return (
    <div
      role="status"
      aria-label={`${label}: ${message}`}
      className="flex items-center justify-center rounded border border-neutral-300 bg-neutral-50 text-sm text-neutral-500 dark:border-neutral-700 dark:bg-neutral-900 dark:text-neutral-400"
      style={{ height }}
    >
      {message}
    </div>
  );
}
