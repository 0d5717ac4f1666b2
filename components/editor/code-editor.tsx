"use client";
// Lazy Monaco editor: `ssr: false` must live in a client component (App Router), and the Monaco
// bundle (~6 MB with its workers) is fetched only once an editor is on screen (or near it): a
// panel that is hidden (mobile) or scrolled away (the Tools box below the fold) costs nothing.
import dynamic from "next/dynamic";
import { useEffect, useRef, useState } from "react";
import type { EditorProps } from "./editor-props";
import { EditorPlaceholder } from "./editor-placeholder";

export type { EditorProps } from "./editor-props";

const MonacoView = dynamic(() => import("./monaco-view"), {
  ssr: false,
  loading: () => <EditorPlaceholder height="100%" label="Editor" message="Loading editor…" />,
});

function useNearViewport<T extends Element>(): [React.RefObject<T | null>, boolean] {
  const ref = useRef<T | null>(null);
  // Without IntersectionObserver (very old browsers) the editor just loads at once.
  const [near, setNear] = useState(() => typeof window !== "undefined" && typeof IntersectionObserver === "undefined");
  useEffect(() => {
    const el = ref.current;
    if (!el || near) return;
    const io = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) {
        setNear(true);
        io.disconnect();
      }
    }, { rootMargin: "200px" });
    io.observe(el);
    return () => io.disconnect();
  }, [near]);
  return [ref, near];
}

export default function CodeEditor(props: EditorProps) {
  const height = props.height ?? 240;
  const [ref, near] = useNearViewport<HTMLDivElement>();
  return (
    <div ref={ref} style={{ minHeight: height }}>
      {near ? (
        <MonacoView {...props} height={height} />
      ) : (
        <EditorPlaceholder height={height} label={props.ariaLabel} message="Editor loads when shown…" />
      )}
    </div>
  );
}
