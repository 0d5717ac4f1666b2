import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { changeCounts, classifyContent, diffManifests, hexDump, lineDiff, sha256Hex, treeRows } from "./files";

const f = (path: string, content: string) => ({ path, size_bytes: content.length, sha256: createHash("sha256").update(content).digest("hex") });

describe("manifest diff", () => {
  it("names added, removed, changed and unchanged files by sha256", () => {
    const before = [f("workspace/a.txt", "one"), f("workspace/b.txt", "same"), f("workspace/gone.txt", "x")];
    const after = [f("workspace/a.txt", "two"), f("workspace/b.txt", "same"), f("workspace/new/c.py", "print(1)")];
    const d = diffManifests(before, after);
    expect(d.map((c) => [c.path, c.kind])).toEqual([
      ["workspace/a.txt", "changed"],
      ["workspace/b.txt", "unchanged"],
      ["workspace/gone.txt", "removed"],
      ["workspace/new/c.py", "added"],
    ]);
    expect(changeCounts(d)).toEqual({ added: 1, removed: 1, changed: 1, unchanged: 1 });
    expect(d[0]!.before!.sha256).not.toBe(d[0]!.after!.sha256);
    // Same size, different bytes: still changed (sizes are not compared).
    expect(diffManifests([f("x", "ab")], [f("x", "ba")])[0]!.kind).toBe("changed");
    expect(diffManifests([], [])).toEqual([]);
  });

  it("a text diff numbers lines on both sides", () => {
    expect(lineDiff("a\nb\nc\n", "a\nB\nc\nd\n")).toEqual([
      { kind: "same", text: "a", oldNo: 1, newNo: 1 },
      { kind: "del", text: "b", oldNo: 2 },
      { kind: "add", text: "B", newNo: 2 },
      { kind: "same", text: "c", oldNo: 3, newNo: 3 },
      { kind: "add", text: "d", newNo: 4 },
    ]);
  });
});

describe("viewer", () => {
  const enc = (s: string) => new TextEncoder().encode(s);
  it("classifies text (with a language), images and binary", () => {
    expect(classifyContent("workspace/a.py", enc("print(1)"))).toEqual({ kind: "text", text: "print(1)", language: "python" });
    expect(classifyContent("notes.unknown", enc("hi"))).toEqual({ kind: "text", text: "hi", language: undefined });
    expect(classifyContent("p.PNG", new Uint8Array([0x89, 0x50]))).toEqual({ kind: "image", mime: "image/png" });
    expect(classifyContent("blob.bin", new Uint8Array([0, 1, 2]))).toEqual({ kind: "binary" });
    expect(classifyContent("bad.txt", new Uint8Array([0xff, 0xfe, 0x41]))).toEqual({ kind: "binary" });
  });

  it("hex dump shows offsets, bytes and ASCII, and says what it cut", () => {
    const bytes = new Uint8Array([...enc("Hello, world!\n"), 0, 255, 1]);
    expect(hexDump(bytes)).toBe(
      "00000000  48 65 6c 6c 6f 2c 20 77 6f 72 6c 64 21 0a 00 ff  Hello, world!...\n00000010  01                                               .",
    );
    expect(hexDump(new Uint8Array(40), 16).split("\n")).toEqual(["00000000  00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00  ................", "… 24 more bytes"]);
  });

  it("tree rows list each folder once before its files", () => {
    expect(treeRows(["workspace/src/b.py", "workspace/AGENTS.md", "workspace/src/a.py", "workspace/src/lib/c.py"])).toEqual([
      { path: "workspace/AGENTS.md", name: "AGENTS.md", depth: 0, dir: false },
      { path: "src", name: "src", depth: 0, dir: true },
      { path: "workspace/src/a.py", name: "a.py", depth: 1, dir: false },
      { path: "workspace/src/b.py", name: "b.py", depth: 1, dir: false },
      { path: "src/lib", name: "lib", depth: 1, dir: true },
      { path: "workspace/src/lib/c.py", name: "c.py", depth: 2, dir: false },
    ]);
  });

  it("sha256 matches node's", async () => {
    expect(await sha256Hex(enc("playground"))).toBe(createHash("sha256").update("playground").digest("hex"));
  });
});
