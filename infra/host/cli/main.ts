import { mkdir, open, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import * as v from "valibot";
import { type AppError, InputError, isAppError, toAppError } from "../../../core/errors";
import { newJobId } from "../../../core/jobs/job-id";
import { planSummary } from "../../../core/jobs/job-plan";
import { LanguageTagSchema } from "../../../core/language/language";
import { createJob } from "../../../core/pipeline/create-job";
import { buildPlan } from "../../../core/pipeline/plan";
import type { AnalyzeRequest } from "../../../core/pipeline/request";
import { runPipeline } from "../../../core/pipeline/run-pipeline";
import { createPromptRegistry } from "../../../core/prompts/registry";
import { DEFAULT_MAX_TRANSCRIPT_BYTES, parseTranscript } from "../../../core/transcript";
import { TRANSCRIPT_FORMATS, type TranscriptFormat } from "../../../core/transcript/model";
import { parseSpeakerAssignment, renameSpeakers, speakerMapping } from "../../../core/transcript/speakers";
import { createFsPromptSource } from "../../adapters/fs-prompts";
import { loadConfig, loadDotEnv } from "../../config";
import { createRuntime } from "../../runtime";
import { cliSynthesisModel, searchLibrary, searchText, synthesizeFiles } from "./library-commands";
import { createProgress } from "./progress";
import { buildReport, humanSummary } from "./report";

const USAGE = `Usage: transcript-analyzer analyze FILE|- [options]
       transcript-analyzer search "QUERY" [--speaker NAME] [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--library DIR] [--json]
       transcript-analyzer synthesize FILE FILE [FILE...] [--out DIR] [--json]

Analyzes a meeting, interview or call transcript (.txt, .md, .vtt, .srt, .json, .docx) and writes the
results to a job folder. Without OPENAI_API_KEY or OPENAI_BASE_URL only the computed analyses run.

Options:
  --format F          text | markdown | vtt | srt | json | docx (default: from the name and content)
  --json              print one JSON document to stdout
  --out DIR           write the job's files to DIR (default: ./output/jobs/<jobId>/)
  --library DIR       the CLI's own library of analyzed meetings, a PGlite database
                      (default: DATA_DIR/cli, i.e. ./data/cli); never the server's database
  --analyzers a,b,c   run these analyzers (default: every built-in); ids from prompts/
  --no-llm            run only the computed analyses, even with a key set
  --model M           the model for every stage (default: OPENAI_MODEL)
  --language L        write the analyses and documents in L, a BCP 47 tag such as de, fr, es, ja
                      (default: the transcript's own language); quotes stay as spoken
  --concurrency N     LLM calls at once to the service (default: LLM_CONCURRENCY; unset: 1 for a local
                      server, else only LLM_RATE_LIMIT_PER_MINUTE and LLM_TOKENS_PER_MINUTE pace them)
  --speaker "A=B"     show detected speaker A as B in every output (repeat it; two speakers
                      given one name are merged)
  --from, --to        (search) only meetings dated from / to this day
  -h, --help          this help

search finds passages in the meetings the CLI has analyzed (its library); synthesize reads two or
more transcripts and reports the keywords and topics they share, with counts per meeting and examples,
and, with a model configured, the themes across them with checked citations.
`;

export interface CliIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stdin: NodeJS.ReadableStream;
  env: Record<string, string | undefined>;
  /** Where `.env` is looked for; the current directory. */
  cwd?: string;
}

const QUIET = { debug() {}, info() {}, warn() {}, error() {} };

const processIo = (): CliIo => ({
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  env: process.env,
});

/** Exit codes: 0 done, 1 the job ran but failed, 2 bad input or usage. */
export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  let json = argv.includes("--json");
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        format: { type: "string" },
        json: { type: "boolean" },
        out: { type: "string" },
        library: { type: "string" },
        analyzers: { type: "string" },
        "no-llm": { type: "boolean" },
        model: { type: "string" },
        concurrency: { type: "string" },
        language: { type: "string" },
        speaker: { type: "string", multiple: true },
        from: { type: "string" },
        to: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    });
    json = values.json === true;
    if (values.help || positionals.length === 0) {
      io.stdout.write(USAGE);
      return positionals.length === 0 && !values.help ? 2 : 0;
    }
    const [command, file, ...extra] = positionals;
    if (command === "search" || command === "synthesize") {
      const env = { ...io.env };
      loadDotEnv(path.resolve(io.cwd ?? process.cwd(), ".env"), env);
      const config = loadConfig(env);
      if (command === "search") {
        const library = path.resolve(values.library ?? path.join(config.dataDir, "cli"));
        const page = await searchLibrary(config, library, positionals.slice(1).join(" "), {
          ...(values.speaker?.[0] ? { speaker: values.speaker[0] } : {}),
          ...(values.from ? { from: values.from } : {}),
          ...(values.to ? { to: values.to } : {}),
        });
        io.stdout.write(
          json ? `${JSON.stringify({ ok: true, library, ...page })}\n` : searchText(page, library),
        );
        return 0;
      }
      const files = [];
      for (const f of positionals.slice(1)) {
        const transcript = await parseTranscript(await readInput(f, io.stdin), {
          fileName: path.basename(f),
        });
        files.push({ file: f, transcript });
      }
      // With a model configured, themes across the transcripts beside what they share.
      const { result, markdown } = await synthesizeFiles(files, await cliSynthesisModel(config));
      if (values.out) {
        await mkdir(values.out, { recursive: true });
        await writeFile(path.join(values.out, "synthesis.md"), markdown);
        await writeFile(path.join(values.out, "synthesis.json"), `${JSON.stringify(result, null, 2)}\n`);
      }
      io.stdout.write(json ? `${JSON.stringify({ ok: true, synthesis: result })}\n` : markdown);
      return 0;
    }
    if (command !== "analyze" || file === undefined || extra.length > 0) {
      throw new InputError(
        "invalid_request",
        `Unknown command line "${positionals.join(" ")}". ${USAGE.split("\n")[0]}`,
      );
    }
    const format = values.format;
    if (format !== undefined && !(TRANSCRIPT_FORMATS as readonly string[]).includes(format)) {
      throw new InputError(
        "unsupported_format",
        `--format must be one of ${TRANSCRIPT_FORMATS.join(", ")}; got "${format}".`,
      );
    }

    const env = { ...io.env };
    loadDotEnv(path.resolve(io.cwd ?? process.cwd(), ".env"), env);
    if (values["no-llm"]) {
      delete env.OPENAI_API_KEY;
      delete env.OPENAI_BASE_URL;
    }
    if (values.model) env.OPENAI_MODEL = values.model;
    if (values.concurrency) env.LLM_CONCURRENCY = values.concurrency;
    const config = loadConfig(env);

    const bytes = await readInput(file, io.stdin);
    const fileName = file === "-" ? undefined : path.basename(file);
    const parsed = await parseTranscript(bytes, {
      ...(fileName ? { fileName } : {}),
      ...(format ? { format: format as TranscriptFormat } : {}),
    });
    const transcript = values.speaker?.length
      ? renameSpeakers(
          parsed,
          speakerMapping(parsed, Object.fromEntries(values.speaker.map(parseSpeakerAssignment))),
        )
      : parsed;

    const jobId = newJobId();
    // Its own library: PGlite is one process's database, so never the folder a running host holds.
    const library = path.resolve(values.library ?? path.join(config.dataDir, "cli"));
    // stdout carries the report (one JSON document with --json): the runtime logs nowhere.
    const runtime = await createRuntime(config, "cli", {
      log: QUIET,
      databaseDir: library,
      ...(values.out ? { artifactsFolder: values.out } : {}),
    });
    try {
      const registry = createPromptRegistry({
        builtins: createFsPromptSource(config.promptsDir),
        store: runtime.state.prompts,
      });
      const prompts = await registry.list();
      const request: AnalyzeRequest = { transcriptText: "" };
      if (values.analyzers !== undefined) request.selected = selectionOf(values.analyzers, prompts);
      if (values.language !== undefined) request.options = { language: languageOf(values.language) };
      const plan = buildPlan(
        request,
        prompts,
        { models: config.llm.models, llmEnabled: config.llm.configured, redact: config.redactDefault },
        transcript,
      );

      const deps = runtime.pipeline;
      const { events } = deps;
      const progress = createProgress(io.stderr, planSummary(plan));
      const stop = await events.subscribe(jobId, undefined, progress.onEvent);
      try {
        await createJob({ jobId, transcript, plan, ...(fileName ? { fileName } : {}) }, deps);
        await runPipeline(jobId, deps);
      } finally {
        stop();
        progress.stop();
      }
      const folder = values.out ? path.resolve(values.out) : path.join(config.outputDir, "jobs", jobId);
      const report = await buildReport(jobId, folder, deps, library);
      if (json) io.stdout.write(`${JSON.stringify(report)}\n`);
      else io.stdout.write(humanSummary(report));
      return report.status === "error" ? 1 : 0;
    } finally {
      await runtime.close();
    }
  } catch (e) {
    const error = isAppError(e) ? e : (usageError(e) ?? toAppError(e));
    if (json)
      io.stdout.write(
        `${JSON.stringify({ ok: false, error: { code: error.code, message: error.message } })}\n`,
      );
    else io.stderr.write(`transcript-analyzer: ${error.message.split("\n")[0]}\n`);
    if (error.code === "internal")
      io.stderr.write(`${(error.cause as Error)?.stack ?? String(error.cause)}\n`);
    return error.code === "internal" ? 1 : 2;
  }
}

/** `--analyzers a,b` → the request's per-stage selection, each id looked up in the prompts. */
function selectionOf(
  list: string,
  prompts: Array<{ id: string; stage: string }>,
): AnalyzeRequest["selected"] {
  const selected = { stageA: [] as string[], stageB: [] as string[], final: [] as string[] };
  for (const id of list
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)) {
    const stage = prompts.find((p) => p.id === id && p.stage !== "system")?.stage;
    if (!stage) {
      const known = prompts.filter((p) => p.stage !== "system").map((p) => p.id);
      throw new InputError("invalid_request", `Unknown analyzer "${id}". Known: ${known.join(", ")}.`);
    }
    selected[stage === "A" ? "stageA" : stage === "B" ? "stageB" : "final"].push(id);
  }
  return selected;
}

/** `--language`, a BCP 47 tag, canonicalized. */
function languageOf(tag: string): string {
  const parsed = v.safeParse(LanguageTagSchema, tag);
  if (parsed.success) return parsed.output;
  throw new InputError(
    "invalid_request",
    `--language must be a BCP 47 tag such as de, fr, es or ja; got "${tag}".`,
  );
}

/** Reads the file (or stdin for `-`), refusing more than the size limit before reading it all. */
async function readInput(file: string, stdin: NodeJS.ReadableStream): Promise<Uint8Array> {
  const limit = DEFAULT_MAX_TRANSCRIPT_BYTES;
  if (file === "-") {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of stdin) {
      const b = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string);
      size += b.length;
      if (size > limit) break;
      chunks.push(b);
    }
    return size > limit ? tooLarge(size, false) : new Uint8Array(Buffer.concat(chunks));
  }
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(file, "r");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new InputError(
      "invalid_request",
      code === "ENOENT" ? `No file "${file}".` : `Cannot read "${file}" (${code}).`,
    );
  }
  try {
    const stat = await handle.stat();
    if (stat.isDirectory())
      throw new InputError("invalid_request", `"${file}" is a folder, not a transcript file.`);
    if (stat.size > limit) return tooLarge(stat.size, true);
    return new Uint8Array(await readFile(handle));
  } finally {
    await handle.close();
  }
}

function tooLarge(size: number, exact: boolean): never {
  const mb = (n: number) => (n / 1024 / 1024).toFixed(1);
  const got = exact ? `${mb(size)} MB` : `more than ${mb(DEFAULT_MAX_TRANSCRIPT_BYTES)} MB`;
  throw new InputError(
    "too_large",
    `The transcript is over the size limit: ${got}, the limit is ${mb(DEFAULT_MAX_TRANSCRIPT_BYTES)} MB.`,
  );
}

function usageError(e: unknown): AppError | undefined {
  const code = (e as { code?: string })?.code;
  if (typeof code === "string" && code.startsWith("ERR_PARSE_ARGS")) {
    return new InputError("invalid_request", `${(e as Error).message}. Run with --help for the options.`);
  }
  return undefined;
}
