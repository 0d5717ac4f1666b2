import { test } from "@playwright/test";
test("sizes", async ({ page }) => {
  const sizes: { url: string; len: number; t: number }[] = [];
  const t0 = Date.now();
  page.on("response", async (r) => { const b = await r.body().catch(() => Buffer.alloc(0)); sizes.push({ url: r.url().replace(/^.*\/_next\//, ""), len: b.length, t: Date.now() - t0 }); });
  await page.goto("/");
  const load = Date.now() - t0;
  await page.getByRole("textbox", { name: "Tools JSON" }).waitFor({ state: "attached" });
  await page.waitForTimeout(1000);
  const before = sizes.filter((s) => s.t <= load);
  console.log("load", load, "js before load", before.filter(s=>s.url.endsWith(".js")).reduce((a, s) => a + s.len, 0), "count", before.length);
  console.log("total js", sizes.filter(s=>s.url.endsWith(".js")).reduce((a, s) => a + s.len, 0), "count", sizes.length);
  for (const s of sizes.sort((a,b)=>b.len-a.len).slice(0,8)) console.log(s.len, s.t, s.url.slice(0,80));
});
