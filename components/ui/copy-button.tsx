"use client";
import { useEffect, useState } from "react";
import { Button } from "./button";
import { CheckIcon, CopyIcon } from "./icons";

export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // Clipboard API refused (permissions, insecure context): the old way.
    const ta = document.createElement("textarea");
    ta.value = text;
    ta.style.position = "fixed";
    ta.style.opacity = "0";
    document.body.appendChild(ta);
    ta.select();
    const ok = document.execCommand("copy");
    ta.remove();
    return ok;
  }
}

/** A copy button whose accessible name never changes; success shows as an icon and a polite announcement. */
export function CopyButton({ text, label, children, className }: { text: string | (() => string); label: string; children?: React.ReactNode; className?: string }) {
  const [done, setDone] = useState(false);
  useEffect(() => {
    if (!done) return;
    const t = setTimeout(() => setDone(false), 1500);
    return () => clearTimeout(t);
  }, [done]);
  return (
    <Button
      size="sm"
      variant="ghost"
      aria-label={label}
      title={label}
      className={className}
      onClick={async () => setDone(await copyText(typeof text === "function" ? text() : text))}
    >
      {done ? <CheckIcon size={13} className="text-ok" /> : <CopyIcon size={13} />}
      {children}
      <span className="sr-only" aria-live="polite">
        {done ? "Copied" : ""}
      </span>
    </Button>
  );
}
