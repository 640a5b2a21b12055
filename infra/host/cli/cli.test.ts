import { execFile } from "node:child_process";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../../../test/helpers/cli-run";
import { seedPgliteDir } from "../../../test/helpers/databases";
import { FIXTURES, ROOT } from "../../../test/helpers/pipeline-harness";
import { byAnalyzer } from "../../../test/llm-double/responders";
import { useLlmDouble } from "../../../test/llm-double/use-llm-double";
import { createPgliteClient } from "../../adapters/sql";

const double = useLlmDouble();
let work: string;
beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), "cli-"));
  // The CLI's default library (DATA_DIR/cli), made as its first run would make it, only faster.
  await seedPgliteDir(path.join(work, "data", "cli"));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

/** Runs the CLI in-process in this test's folder; `stderr` is not a terminal, as when piped. */
const cli = (args: string[], options: { env?: Record<string, string>; stdin?: string } = {}) =>
  runCli(work, args, options);

describe("transcript-analyzer analyze", () => {
  it("prints one JSON document of the promised shape and writes the job's files, with no key", async () => {
    const out = path.join(work, "es-vtt");
    const r = await cli(["analyze", path.join(FIXTURES, "ES2002a.vtt"), "--json", "--out", out]);
    expect(r.code).toBe(0);
    expect(r.err).toBe(""); // not a terminal: no progress display
    const doc = JSON.parse(r.out);
    expect(doc).toMatchObject({ ok: true, jobId: expect.stringMatching(/^\d{8}-\d{6}-/) });
    expect(doc.transcript.format).toBe("vtt");
    expect(doc.transcript.speakers).toEqual([
      "Project Manager",
      "Marketing",
      "Industrial Designer",
      "User Interface",
    ]);
    expect(doc.transcript.segments).toHaveLength(287);
    expect(doc.transcript.segments[0]).toEqual({
      id: "seg-1",
      index: 0,
      speaker: "Project Manager",
      start: 0,
      end: 20.385,
      text: expect.stringContaining("kick-off meeting"),
    });
    const c = doc.computed;
    expect(c.speakerStats[0]).toEqual({
      speaker: "Project Manager",
      turns: 118,
      words: expect.any(Number),
      talkTimeSeconds: expect.any(Number),
      share: expect.any(Number),
      questions: expect.any(Number),
    });
    expect(c.questions[0]).toEqual({
      segmentId: expect.stringMatching(/^seg-/),
      speaker: expect.any(String),
      text: expect.stringContaining("?"),
    });
    expect(c.keywords[0]).toEqual({ term: expect.any(String), score: expect.any(Number) });
    expect(c.topics[0]).toMatchObject({
      startSegment: "seg-1",
      title: expect.any(String),
      keywords: expect.any(Array),
    });
    expect(c.topics.at(-1).endSegment).toBe("seg-287");
    expect(c.summary[0]).toMatchObject({
      segmentId: expect.stringMatching(/^seg-/),
      speaker: expect.any(String),
    });
    expect(c.linguisticProfile.Marketing).toMatchObject({ i: expect.any(Number), we: expect.any(Number) });
    expect(c.insights.length).toBeGreaterThan(0);
    expect(c.insights[0].evidence.segmentIds[0]).toMatch(/^seg-/);
    for (const a of Object.values(doc.analyzers) as Array<{ status: string }>)
      expect(a.status).toBe("skipped");
    expect((await readdir(out)).sort()).toEqual(
      expect.arrayContaining([
        "COMPLETED",
        "computed.json",
        "job.json",
        "transcript.json",
        "transcript.md",
        "final",
      ]),
    );
  });

  it("writes in the language --language names, and refuses one that is not a language tag", async () => {
    const args = ["analyze", path.join(FIXTURES, "IS1000a.srt"), "--json", "--analyzers", "say-means"];
    const env = { OPENAI_BASE_URL: double().baseURL, OPENAI_MODEL: "gpt-5-mini" };
    const r = await cli([...args, "--language", "es"], { env });
    expect(r.code).toBe(0);
    expect(double().requests[0]!.messages[0]!.content).toContain(
      "Write everything you produce in Spanish (es)",
    );
    expect(await readFile(path.join(JSON.parse(r.out).outputDir, "final", "insights.md"), "utf8")).toMatch(
      /^# Puntos clave/,
    );
    const bad = await cli([...args, "--language", "Spanish please"], { env });
    expect(bad.code).toBe(2);
    expect(JSON.parse(bad.out).error.message).toContain("--language must be a BCP 47 tag");
  });

  it("shows speakers by the names --speaker gives, merged where two get one name, in the report and files", async () => {
    const out = path.join(work, "renamed");
    const r = await cli([
      "analyze",
      path.join(FIXTURES, "ES2002a.vtt"),
      "--json",
      "--out",
      out,
      "--speaker",
      "Project Manager=Alice",
      "--speaker",
      "Marketing=Bob",
      "--speaker",
      "User Interface=Bob",
    ]);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.out);
    expect(doc.transcript.speakers).toEqual(["Alice", "Bob", "Industrial Designer"]);
    expect(doc.computed.speakerStats.map((s: { speaker: string }) => s.speaker).sort()).toEqual([
      "Alice",
      "Bob",
      "Industrial Designer",
    ]);
    const markdown = await readFile(path.join(out, "transcript.md"), "utf8");
    expect(markdown).toContain("Alice:");
    expect(markdown).not.toContain("Project Manager:");

    const bad = await cli(["analyze", path.join(FIXTURES, "ES2002a.vtt"), "--speaker", "Nobody=Carol"]);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/No speaker "Nobody"/);
  });

  it("runs the whole pipeline with OPENAI_BASE_URL and reports each analyzer, insights and usage", async () => {
    const r = await cli(
      [
        "analyze",
        path.join(FIXTURES, "IS1000a.srt"),
        "--json",
        "--analyzers",
        "say-means,first-principles,executive-summary",
      ],
      {
        env: { OPENAI_BASE_URL: double().baseURL, OPENAI_MODEL: "gpt-5-mini" },
      },
    );
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.out);
    expect(Object.keys(doc.analyzers).sort()).toEqual(["executive-summary", "first-principles", "say-means"]);
    expect(doc.analyzers["say-means"]).toMatchObject({
      stage: "A",
      status: "completed",
      output: expect.stringContaining("LLM test double"),
      model: "gpt-5-mini",
      usage: { inputTokens: expect.any(Number), outputTokens: expect.any(Number) },
      costUsd: expect.any(Number),
      durationMs: expect.any(Number),
    });
    expect(doc.analyzers["first-principles"].stage).toBe("B");
    expect(doc.analyzers["executive-summary"].stage).toBe("final");
    expect(doc.insights.counts.total).toBe(doc.insights.items.length);
    expect(doc.usage.calls).toBe(double().requests.length);
    expect(await readFile(path.join(doc.outputDir, "stage-a", "say-means.md"), "utf8")).toBe(
      doc.analyzers["say-means"].output,
    );
  });

  it("runs every built-in analyzer by default", async () => {
    const r = await cli(["analyze", path.join(FIXTURES, "ES2002a.txt"), "--json"], {
      env: { OPENAI_BASE_URL: double().baseURL },
    });
    const doc = JSON.parse(r.out);
    expect(Object.keys(doc.analyzers)).toHaveLength(19);
    expect(Object.values(doc.analyzers).every((a) => (a as { status: string }).status === "completed")).toBe(
      true,
    );
  });

  it("reports a failed analyzer with its error and still exits 0 when others succeeded", async () => {
    double().setResponder(
      byAnalyzer({ soul: { status: 400, error: { message: "bad model", type: "invalid_request_error" } } }),
    );
    const r = await cli(
      ["analyze", path.join(FIXTURES, "ES2002a.txt"), "--json", "--analyzers", "soul,spin"],
      {
        env: { OPENAI_BASE_URL: double().baseURL },
      },
    );
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.out);
    expect(doc.analyzers.soul).toMatchObject({
      status: "error",
      output: null,
      error: { code: "llm_bad_request" },
    });
    expect(doc.analyzers.spin.status).toBe("completed");
  });

  it("keeps its runs in its own library, says where, and refuses a library another process holds", async () => {
    const library = path.join(work, "held-library");
    await seedPgliteDir(library);
    const held = await createPgliteClient(library);
    const refused = await cli(["analyze", "-", "--library", library], { stdin: "Alice: Hello.\nBob: Hi.\n" });
    expect(refused.code).toBe(2);
    expect(refused.err).toContain(`${library} is in use by process ${process.pid}`);
    await held.close();
    const r = await cli(["analyze", "-", "--json", "--library", library], {
      stdin: "Alice: Hello.\nBob: Hi.\n",
    });
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.out);
    expect(doc.library).toBe(library);
    const again = await createPgliteClient(library);
    const { rows } = await again.query<{ job_id: string }>("SELECT job_id FROM jobs");
    await again.close();
    expect(rows.map((row) => row.job_id)).toEqual([doc.jobId]);
    const human = await cli(["analyze", "-"], { stdin: "Alice: Hello.\nBob: Hi.\n" });
    expect(human.out).toContain(`Library: ${path.join(work, "data", "cli")}`);
  });

  it("reads a transcript from stdin with -", async () => {
    const r = await cli(["analyze", "-", "--json"], {
      stdin: "Alice: I'll send the report by Friday.\nBob: Great, thanks?\n",
    });
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.out);
    expect(doc.transcript.speakers).toEqual(["Alice", "Bob"]);
    expect(doc.computed.insights[0]).toMatchObject({ type: "action", owner: "Alice" });
  });

  it.each([
    ["an empty file", "", "empty_transcript"],
    ["a binary file", "\u0000\u0001\u0002PNG\u0000\u0000", "binary_content"],
    ["a broken VTT", "WEBVTT\n\n00:00:01.000 --> garbage\nAlice: hi\n", "malformed_vtt"],
  ])("exits 2 with a JSON error for %s", async (_label, content, code) => {
    const file = path.join(work, `bad-${code}.${code === "malformed_vtt" ? "vtt" : "txt"}`);
    await writeFile(file, content);
    const r = await cli(["analyze", file, "--json"]);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.out)).toEqual({ ok: false, error: { code, message: expect.any(String) } });
    expect(r.out).not.toMatch(/at .*\.ts:\d+/); // no stack trace
  });

  it("says what is wrong in one line without --json", async () => {
    const r = await cli(["analyze", path.join(work, "no-such-file.txt")]);
    expect(r.code).toBe(2);
    expect(r.err.trim().split("\n")).toHaveLength(1);
    expect(r.err).toMatch(/^transcript-analyzer: No file/);
    const unknown = await cli(["analyze", path.join(FIXTURES, "ES2002a.txt"), "--analyzers", "nope"]);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatch(/Unknown analyzer "nope"/);
    const format = await cli(["analyze", path.join(FIXTURES, "ES2002a.txt"), "--format", "pdf"]);
    expect(format.code).toBe(2);
    expect(format.err).toMatch(/--format must be one of/);
  });

  it("is installed as the transcript-analyzer bin and runs from the built bundle", async () => {
    const pkg = JSON.parse(await readFile(path.join(ROOT, "package.json"), "utf8"));
    expect(pkg.bin["transcript-analyzer"]).toBe("dist/cli.mjs");
    const run = promisify(execFile);
    const { stdout } = await run(
      process.execPath,
      [
        path.join(ROOT, pkg.bin["transcript-analyzer"]),
        "analyze",
        path.join(FIXTURES, "Bed004.srt"),
        "--json",
        "--out",
        path.join(work, "bin-out"),
      ],
      {
        env: { PATH: process.env.PATH ?? "" },
        cwd: work,
      },
    );
    const doc = JSON.parse(stdout);
    expect(doc.transcript.segments).toHaveLength(374);
  });
});
