"use client";
import { useEffect, useState } from "react";
import { applyTheme, saveTheme, storedTheme, systemTheme, type Theme } from "@/lib/client/theme";
import { IconButton } from "./button";
import { MoonIcon, SunIcon } from "./icons";

export function ThemeToggle() {
  const [theme, setTheme] = useState<Theme | null>(null);
  useEffect(() => {
    // eslint-disable-next-line react-hooks/set-state-in-effect -- read the theme the inline script applied
    setTheme(storedTheme() ?? systemTheme());
    if (storedTheme()) return;
    const mq = window.matchMedia("(prefers-color-scheme: dark)");
    const onChange = () => {
      if (storedTheme()) return;
      const t = mq.matches ? "dark" : "light";
      applyTheme(t);
      setTheme(t);
    };
    mq.addEventListener("change", onChange);
    return () => mq.removeEventListener("change", onChange);
  }, []);
  const next: Theme = theme === "dark" ? "light" : "dark";
  return (
    <IconButton
      aria-label="Toggle theme"
      title={theme ? `Switch to ${next} theme` : "Toggle theme"}
      aria-pressed={theme === "dark"}
      onClick={() => {
        saveTheme(next);
        setTheme(next);
      }}
    >
      {theme === "dark" ? <SunIcon /> : <MoonIcon />}
    </IconButton>
  );
}
