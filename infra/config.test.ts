import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfig, loadDotEnv } from "./config";

describe("configuration from the environment", () => {
  it("runs on its defaults with nothing set: embedded mode, loopback, no model, gpt-5-nano", () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ port: 5000, host: "127.0.0.1", redisUrl: undefined });
    expect(c.llm).toMatchObject({ configured: false, model: "gpt-5-nano", apiStyle: "auto" });
    expect(c.llm.models).toEqual({ stageA: "gpt-5-nano", stageB: "gpt-5-nano", final: "gpt-5-nano" });
    expect(c.auth.ratePerHour).toBe(10);
  });

  it("lowers a worker's CPU priority by 5 unless WORKER_NICE says otherwise, within what the OS allows", () => {
    expect(loadConfig({}).jobs.workerNice).toBe(5);
    expect(loadConfig({ WORKER_NICE: "0" }).jobs.workerNice).toBe(0);
    expect(() => loadConfig({ WORKER_NICE: "20" })).toThrow(/WORKER_NICE is not valid/);
    expect(() => loadConfig({ WORKER_NICE: "-1" })).toThrow(/WORKER_NICE is not valid/);
  });

  it("treats an empty value as not set, as `FOO=` in .env or an empty compose default give", () => {
    const c = loadConfig({
      OPENAI_API_KEY: "",
      OPENAI_REASONING_EFFORT: " ",
      LOG_LEVEL: "",
      PORT: "",
      API_TOKENS: "",
    });
    expect(c.llm.configured).toBe(false);
    expect(c.llm.reasoningEffort).toBeUndefined();
    expect(c.logLevel).toBe("info");
    expect(c.port).toBe(5000);
  });

  it("opens the host beyond loopback only when tokens protect it or HOST says so", () => {
    expect(loadConfig({ API_TOKENS: "a-token" }).host).toBe("0.0.0.0");
    expect(loadConfig({ HOST: "0.0.0.0" }).host).toBe("0.0.0.0");
    expect(loadConfig({ API_TOKENS: "a, b ,,c" }).auth.tokens).toEqual(["a", "b", "c"]);
  });

  it("uses per-stage models over the default, and a base URL alone configures the model service", () => {
    const c = loadConfig({
      OPENAI_BASE_URL: "http://localhost:11434/v1",
      OPENAI_MODEL: "llama3.1",
      OPENAI_MODEL_FINAL: "qwen2.5",
    });
    expect(c.llm.configured).toBe(true);
    expect(c.llm.models).toEqual({ stageA: "llama3.1", stageB: "llama3.1", final: "qwen2.5" });
  });

  it.each([
    [{ PORT: "eighty" }, /PORT/],
    [{ OPENAI_API_STYLE: "soap" }, /OPENAI_API_STYLE/],
    [{ LOG_LEVEL: "loud" }, /LOG_LEVEL/],
    [{ JOB_ATTEMPTS: "0" }, /JOB_ATTEMPTS/],
  ])("refuses %j, naming the variable", (env, name) => {
    expect(() => loadConfig(env)).toThrow(name);
  });
});

describe(".env", () => {
  it("fills what the environment leaves unset, never overrides it, and ignores comments", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "dotenv-"));
    try {
      const file = path.join(dir, ".env");
      await writeFile(
        file,
        '# a comment\nOPENAI_MODEL="gpt-5-mini"\nexport PORT=7000\nREDIS_URL=redis://from-file\n',
      );
      const env: Record<string, string | undefined> = { REDIS_URL: "redis://from-env" };
      expect(loadDotEnv(file, env)).toBe(true);
      expect(env).toEqual({ REDIS_URL: "redis://from-env", OPENAI_MODEL: "gpt-5-mini", PORT: "7000" });
      expect(loadDotEnv(path.join(dir, "missing"), env)).toBe(false);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
