// One managed-agents scenario driven by the official @google/genai client, run against the
// standalone engine (lib/engine/managed/sdk-managed.test.ts) and through the proxy
// (lib/proxy/sdk-managed.test.ts): agents and environments CRUD, an upload with
// ai.environments.files.upload, an agent turn whose fenced Python reads that file and writes
// another (run for real in the sandbox), then list and download of the new file.
import type { GoogleGenAI } from "@google/genai";
import { expect } from "vitest";

async function expectStatus(p: Promise<unknown>, status: number): Promise<void> {
  let err: unknown;
  try {
    await p;
  } catch (e) {
    err = e;
  }
  expect((err as { status?: number } | undefined)?.status, String(err)).toBe(status);
}

const SCRIPT = [
  "```python",
  "rows = [line.split(',') for line in open('data/sales.csv').read().split()[1:]]",
  "total = sum(int(n) for _, n in rows)",
  "open('out/summary.txt', 'w').write(f'{len(rows)} rows, total {total}\\n') if __import__('os').makedirs('out', exist_ok=True) is None else None",
  "print('total', total)",
  "```",
].join("\n");

export async function runManagedScenario(ai: GoogleGenAI, tag: string): Promise<void> {
  const agentId = `sdk-${tag}-analyst`;
  const agent = await ai.agents.create({
    id: agentId,
    base_agent: "local-sim-agent",
    description: "Reads the sales data",
    system_instruction: "You are a pirate.",
  });
  expect(agent.id).toBe(agentId);
  const agents = await ai.agents.list({ page_size: 100 });
  expect(agents.agents?.map((a) => a.id)).toContain(agentId);
  expect((await ai.agents.get(agentId)).system_instruction).toBe("You are a pirate.");

  const env = await ai.environments.create({ sources: [{ type: "inline", target: "README.md", content: "# sales\n" }] });
  expect(env.id).toMatch(/^env_/);
  expect(env.status).toBe("active");
  expect(env.file_count).toBe("1");
  const envs = await ai.environments.list();
  expect(envs.environments?.map((e) => e.id)).toContain(env.id);

  const csv = "region,amount\nnorth,120\nsouth,80\neast,45\n";
  const up = await ai.environments.files.upload({ environment: env.id, path: "workspace/data/sales.csv", file: new TextEncoder().encode(csv), mime_type: "text/csv" });
  expect(up.files?.[0]).toMatchObject({ path: "workspace/data/sales.csv", size_bytes: String(csv.length), type: "file" });
  expect((await ai.environments.get(env.id)).file_count).toBe("2");

  const run = await ai.interactions.create({ agent: agentId, environment: env.id, input: `Summarise the sales file:\n${SCRIPT}` });
  expect(run.status).toBe("completed");
  expect((run as { environment_id?: string }).environment_id).toBe(env.id);
  const steps = run.steps ?? [];
  const call = steps.find((s) => s.type === "code_execution_call") as { arguments?: { code?: string; language?: string } } | undefined;
  expect(call?.arguments?.language).toBe("python");
  expect(call?.arguments?.code).toBe(SCRIPT.split("\n").slice(1, -1).join("\n"));
  const result = steps.find((s) => s.type === "code_execution_result") as { result?: string; is_error?: boolean } | undefined;
  expect(result?.result).toBe("total 245\n");
  expect(result?.is_error).toBeUndefined();
  expect(run.output_text?.startsWith("Arr, matey!")).toBe(true);
  expect(run.output_text).toContain("total 245");

  const files = await ai.environments.files.list({ environment: env.id, path: "workspace", recursive: true });
  expect(files.files?.map((f) => f.path)).toEqual(
    expect.arrayContaining(["workspace/README.md", "workspace/data/sales.csv", "workspace/out/summary.txt", "workspace/report.md"]),
  );
  const stat = await ai.environments.files.list({ environment: env.id, path: "workspace/out/summary.txt" });
  expect(stat.files).toMatchObject([{ name: "summary.txt", size_bytes: "18", type: "file" }]);
  const bytes = await ai.environments.files.download({ environment: env.id, path: "workspace/out/summary.txt" });
  expect(new TextDecoder().decode(bytes)).toBe("3 rows, total 245\n");

  // A later turn naming the environment sees the files the earlier turn left.
  const again = await ai.interactions.create({
    agent: agentId,
    environment: env.id,
    previous_interaction_id: run.id,
    input: "```bash\ncat out/summary.txt\n```",
  });
  expect((again.steps?.find((s) => s.type === "code_execution_result") as { result?: string }).result).toBe("3 rows, total 245\n");

  expect(await ai.agents.delete(agentId)).toEqual(expect.anything());
  await expectStatus(ai.agents.get(agentId), 404);
  await ai.environments.delete(env.id);
  await expectStatus(ai.environments.get(env.id), 404);
  await expectStatus(ai.environments.files.list({ environment: env.id, path: "workspace" }), 404);
}
