import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../../../test/helpers/cli-run";
import { seedPgliteDir } from "../../../test/helpers/databases";
import { BUDGET_MEETING, LAUNCH_MEETING } from "../../../test/helpers/meetings";
import { FIXTURES } from "../../../test/helpers/pipeline-harness";
import { synthesisResponder } from "../../../test/llm-double/synthesis";
import { useLlmDouble } from "../../../test/llm-double/use-llm-double";

const double = useLlmDouble();

let work: string;
beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), "cli-library-"));
  await seedPgliteDir(path.join(work, "data", "cli"));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

const cli = (args: string[]) => runCli(work, args);

describe("transcript-analyzer search", () => {
  it("finds passages in the meetings the CLI analyzed, in its own library", async () => {
    expect((await cli(["analyze", path.join(FIXTURES, "ES2002a.vtt"), "--json"])).code).toBe(0);
    const r = await cli(["search", "remote control", "--json"]);
    expect(r.code).toBe(0);
    const page = JSON.parse(r.out);
    expect(page).toMatchObject({ ok: true, library: path.join(work, "data", "cli") });
    expect(page.hits.length).toBeGreaterThan(0);
    expect(page.hits[0].segmentId).toMatch(/^seg-\d+$/);
    const text = await cli(["search", "remote", "--speaker", "Project Manager"]);
    expect(text.out).toMatch(/^1\. ES2002a\.vtt, \d{4}-\d{2}-\d{2} — /m);
    expect(text.out).toContain("*remote*");
  });

  it("says so in one line for an empty query", async () => {
    const r = await cli(["search", "  "]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/Type something/);
  });
});

describe("transcript-analyzer synthesize", () => {
  it("reports what two or more transcripts share, as Markdown and JSON files", async () => {
    const out = path.join(work, "synth");
    const files = ["ES2002a.vtt", "IS1000a.srt", "Bed004.txt"].map((f) => path.join(FIXTURES, f));
    const r = await cli(["synthesize", ...files, "--out", out]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^# /m);
    const json = JSON.parse(await readFile(path.join(out, "synthesis.json"), "utf8"));
    expect(json.mode).toBe("computed");
    expect(json.meetings).toHaveLength(3);
    expect(json.sharedTerms.length).toBeGreaterThan(0);
    expect(Object.keys(json.sharedTerms[0].counts).length).toBeGreaterThanOrEqual(2);
    expect(await readFile(path.join(out, "synthesis.md"), "utf8")).toBe(r.out);
  });

  it("with a model configured, finds the themes across the transcripts with their citations checked", async () => {
    double().setResponder(synthesisResponder);
    const files = [path.join(work, "budget.txt"), path.join(work, "launch.txt")];
    await writeFile(files[0]!, BUDGET_MEETING);
    await writeFile(files[1]!, LAUNCH_MEETING);
    const r = await runCli(work, ["synthesize", ...files, "--json"], {
      env: { OPENAI_BASE_URL: double().baseURL, OPENAI_MAX_ATTEMPTS: "1" },
    });
    expect(r.code).toBe(0);
    const { synthesis } = JSON.parse(r.out);
    expect(synthesis.mode).toBe("model");
    expect(synthesis.themes[0].title).toBe("The kinetic battery");
    expect(synthesis.themes[0].support.map((s: { meetingId: string }) => s.meetingId).sort()).toEqual([
      "budget.txt",
      "launch.txt",
    ]);
    expect(synthesis.sharedTerms.length).toBeGreaterThan(0);
  });

  it("needs at least two transcripts", async () => {
    const r = await cli(["synthesize", path.join(FIXTURES, "ES2002a.vtt")]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/2 to 20 transcript files/);
  });
});
