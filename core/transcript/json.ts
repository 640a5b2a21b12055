import * as v from "valibot";
import { InputError } from "../errors";
import { buildTranscript, type Turn } from "./build-transcript";
import { parseDate } from "./date";
import { parseDuration } from "./duration";
import type { TranscriptMeta } from "./header";
import { findJsonSyntaxProblem } from "./json-syntax";
import { type Transcript, UNKNOWN_SPEAKER } from "./model";
import { parseClockTime } from "./timestamp";

/** Deepgram's responses, the deepest supported, nest about ten levels. */
const MAX_JSON_DEPTH = 64;

type TimeUnit = "seconds" | "milliseconds";

/** A time as a number of `unit` ≥ 0 (or, where `clockText`, "hh:mm:ss" text), out in seconds. */
function time(unit: TimeUnit, clockText = false) {
  return v.pipe(
    v.unknown(),
    v.rawTransform(({ dataset, addIssue, NEVER }) => {
      const seconds = toSeconds(dataset.value, unit, clockText);
      if (seconds !== undefined) return seconds;
      const accepted = clockText ? `${unit} ≥ 0 or "hh:mm:ss"` : `${unit} ≥ 0`;
      addIssue({ message: `expected a time in ${accepted}, got ${preview(dataset.value)}` });
      return NEVER;
    }),
  );
}

function toSeconds(value: unknown, unit: TimeUnit, clockText: boolean): number | undefined {
  if (typeof value === "number") {
    if (!Number.isFinite(value) || value < 0) return undefined;
    return unit === "milliseconds" ? value / 1000 : value;
  }
  if (!clockText || typeof value !== "string") return undefined;
  const text = value.trim();
  return /^\d+(?:\.\d+)?$/.test(text) ? Number(text) : parseClockTime(text);
}

/** Speakers are text ("Alice", "SPEAKER_00") or numbers (Deepgram's 0, 1, …); absent means unknown. */
const Speaker = v.nullish(
  v.pipe(
    v.unknown(),
    v.rawTransform(({ dataset, addIssue, NEVER }) => {
      const value = dataset.value;
      if (typeof value === "string" || (typeof value === "number" && Number.isInteger(value))) return value;
      addIssue({ message: `expected a speaker name or number, got ${preview(value)}` });
      return NEVER;
    }),
  ),
);

const Metadata = {
  title: v.nullish(v.string()),
  date: v.nullish(
    v.pipe(
      v.string(),
      v.rawTransform(({ dataset, addIssue, NEVER }) => {
        const date = parseDate(dataset.value);
        if (date !== undefined) return date;
        addIssue({ message: `expected a date such as "2025-10-01", got ${preview(dataset.value)}` });
        return NEVER;
      }),
    ),
  ),
  duration: v.nullish(
    v.pipe(
      v.unknown(),
      v.rawTransform(({ dataset, addIssue, NEVER }) => {
        const value = dataset.value;
        const seconds = typeof value === "string" ? parseDuration(value) : toSeconds(value, "seconds", false);
        if (seconds !== undefined) return seconds;
        addIssue({ message: `expected a duration in seconds or like "45 min", got ${preview(value)}` });
        return NEVER;
      }),
    ),
  ),
};

/** Whisper's `segments` (seconds; whisperX adds `speaker`), and the generic `{speaker, start?, end?, text}`. */
const SegmentSchema = v.object({
  speaker: Speaker,
  start: v.nullish(time("seconds", true)),
  end: v.nullish(time("seconds", true)),
  text: v.string(),
});
const SegmentsSchema = v.object({ ...Metadata, segments: v.array(SegmentSchema) });
const SegmentListSchema = v.array(SegmentSchema);

const AssemblyAiSchema = v.object({
  ...Metadata,
  audio_duration: v.nullish(v.number()),
  utterances: v.array(
    v.object({ speaker: Speaker, start: time("milliseconds"), end: time("milliseconds"), text: v.string() }),
  ),
});

const DeepgramParagraphSchema = v.object({
  speaker: Speaker,
  start: time("seconds"),
  end: time("seconds"),
  sentences: v.array(v.object({ text: v.string() })),
});
const DeepgramSchema = v.object({
  ...Metadata,
  metadata: v.nullish(v.object({ duration: v.nullish(v.number()) })),
  results: v.object({
    utterances: v.nullish(
      v.array(
        v.object({ speaker: Speaker, start: time("seconds"), end: time("seconds"), transcript: v.string() }),
      ),
    ),
    channels: v.nullish(
      v.array(
        v.object({
          alternatives: v.array(
            v.object({
              transcript: v.nullish(v.string()),
              paragraphs: v.nullish(v.object({ paragraphs: v.array(DeepgramParagraphSchema) })),
            }),
          ),
        }),
      ),
    ),
  }),
});

interface TimedTurn extends Turn {
  /** Where the item sits in the input, for the end-before-start message. */
  path: string;
}

/**
 * JSON transcripts: Whisper (`segments`, seconds), AssemblyAI (`utterances`, milliseconds, speaker
 * "A" → "Speaker A"), Deepgram (`results.utterances` or paragraphs, seconds, speaker 0 → "Speaker 0"),
 * and a generic list (or `{segments}`) of `{speaker, start?, end?, text}` with seconds or "hh:mm:ss".
 * Optional top-level `title`, `date`, `duration`. Every problem is an InputError "malformed_json"
 * naming the line and column (syntax) or the path (`utterances[3].start`) where it broke.
 */
export function parseJsonTranscript(text: string): Transcript {
  const data = parseJsonText(text);
  const { meta, turns } = readFlavour(data);
  for (const turn of turns) {
    if (turn.start !== undefined && turn.end !== undefined && turn.end < turn.start) {
      throw shapeError(`${turn.path}.end`, `it ends (${turn.end} s) before it starts (${turn.start} s)`);
    }
  }
  return buildTranscript("json", meta, turns);
}

function parseJsonText(text: string): unknown {
  const problem = findJsonSyntaxProblem(text, MAX_JSON_DEPTH);
  if (problem) {
    const { line, column, message } = problem;
    const where = `line ${line}, column ${column}`;
    throw new InputError("malformed_json", `This JSON cannot be read at ${where}: ${message}.`, {
      details: { line, column },
    });
  }
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw new InputError("malformed_json", "This JSON is not valid.", { cause });
  }
}

function readFlavour(data: unknown): { meta: TranscriptMeta; turns: TimedTurn[] } {
  if (Array.isArray(data)) {
    return { meta: {}, turns: check(SegmentListSchema, data).map((s, i) => segmentTurn(s, `[${i}]`)) };
  }
  if (typeof data === "object" && data !== null) {
    if ("utterances" in data && data.utterances != null) {
      const doc = check(AssemblyAiSchema, data);
      const turns = doc.utterances.map((u, i) => ({
        speaker: speakerName(u.speaker, true),
        start: u.start,
        end: u.end,
        text: u.text,
        path: `utterances[${i}]`,
      }));
      return { meta: metaOf(doc, doc.audio_duration), turns };
    }
    if ("results" in data) {
      const doc = check(DeepgramSchema, data);
      return { meta: metaOf(doc, doc.metadata?.duration), turns: deepgramTurns(doc) };
    }
    if ("segments" in data) {
      const doc = check(SegmentsSchema, data);
      return { meta: metaOf(doc), turns: doc.segments.map((s, i) => segmentTurn(s, `segments[${i}]`)) };
    }
  }
  throw shapeError(
    "",
    "expected Whisper's `segments`, AssemblyAI's `utterances`, Deepgram's `results`, or a list of {speaker, start, end, text}",
  );
}

function deepgramTurns(doc: v.InferOutput<typeof DeepgramSchema>): TimedTurn[] {
  const { utterances, channels } = doc.results;
  if (utterances && utterances.length > 0) {
    return utterances.map((u, i) => ({
      speaker: speakerName(u.speaker),
      start: u.start,
      end: u.end,
      text: u.transcript,
      path: `results.utterances[${i}]`,
    }));
  }
  const turns: TimedTurn[] = [];
  for (const [c, channel] of (channels ?? []).entries()) {
    const best = channel.alternatives[0];
    const path = `results.channels[${c}].alternatives[0]`;
    // Several channels without diarization: each channel is one voice.
    const fallback = (channels?.length ?? 0) > 1 ? `Channel ${c}` : UNKNOWN_SPEAKER;
    if (best?.paragraphs) {
      for (const [p, paragraph] of best.paragraphs.paragraphs.entries()) {
        turns.push({
          speaker: paragraph.speaker == null ? fallback : speakerName(paragraph.speaker),
          start: paragraph.start,
          end: paragraph.end,
          text: paragraph.sentences.map((s) => s.text.trim()).join(" "),
          path: `${path}.paragraphs.paragraphs[${p}]`,
        });
      }
    } else if (best?.transcript) {
      turns.push({ speaker: fallback, text: best.transcript, path });
    }
  }
  return (channels?.length ?? 0) > 1 ? turns.sort((a, b) => (a.start ?? 0) - (b.start ?? 0)) : turns;
}

function segmentTurn(s: v.InferOutput<typeof SegmentSchema>, path: string): TimedTurn {
  return {
    speaker: speakerName(s.speaker),
    ...(s.start != null && { start: s.start }),
    ...(s.end != null && { end: s.end }),
    text: s.text,
    path,
  };
}

/** A named speaker as given, a number as "Speaker 0"; `labels` (AssemblyAI's "A") are always ids. */
function speakerName(speaker: string | number | null | undefined, labels = false): string {
  if (speaker == null) return UNKNOWN_SPEAKER;
  const name = String(speaker).trim();
  if (name === "") return UNKNOWN_SPEAKER;
  return typeof speaker === "number" || labels ? `Speaker ${name}` : name;
}

function metaOf(
  doc: { title?: string | null; date?: string | null; duration?: number | null },
  sourceDuration?: number | null,
): TranscriptMeta {
  const duration = doc.duration ?? sourceDuration;
  return {
    ...(doc.title != null && doc.title.trim() !== "" && { title: doc.title.trim() }),
    ...(doc.date != null && { date: doc.date }),
    ...(duration != null && { durationSeconds: duration }),
  };
}

function check<TSchema extends v.GenericSchema>(schema: TSchema, data: unknown): v.InferOutput<TSchema> {
  const result = v.safeParse(schema, data);
  if (result.success) return result.output;
  const issue = result.issues[0];
  throw shapeError(issuePath(issue), issue.message);
}

function issuePath(issue: v.BaseIssue<unknown>): string {
  let path = "";
  for (const item of issue.path ?? []) {
    const key = item.key;
    path += typeof key === "number" ? `[${key}]` : path === "" ? String(key) : `.${String(key)}`;
  }
  return path;
}

function shapeError(path: string, problem: string): InputError {
  const where = path === "" ? "at the top level" : `at ${path}`;
  return new InputError(
    "malformed_json",
    `This JSON transcript has an unexpected shape ${where}: ${problem}.`,
    {
      details: { path },
    },
  );
}

function preview(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (Array.isArray(value)) return "a list";
  if (value === null) return "null";
  if (typeof value === "object") return "an object";
  return String(value);
}
