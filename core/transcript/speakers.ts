import * as v from "valibot";
import { InputError } from "../errors";
import type { Transcript } from "./model";

export const MAX_SPEAKER_NAME = 100;

/** A speaker name a person gives: trimmed, non-empty, short, no control characters. */
export const SpeakerNameSchema = v.pipe(
  v.string(),
  v.trim(),
  v.minLength(1, "A speaker name cannot be empty."),
  v.maxLength(MAX_SPEAKER_NAME, `A speaker name is at most ${MAX_SPEAKER_NAME} characters.`),
  v.check((name) => !/\p{Cc}/u.test(name), "A speaker name cannot hold control characters."),
);

/** Renames as the API and the CLI take them: detected name → the name to show. */
export const SpeakerRenamesSchema = v.pipe(
  v.record(v.string(), SpeakerNameSchema),
  v.check((r) => Object.keys(r).length > 0, "Name at least one speaker to rename."),
  v.check((r) => Object.keys(r).length <= 500, "At most 500 speakers can be renamed at once."),
);
export type SpeakerRenames = v.InferOutput<typeof SpeakerRenamesSchema>;

export interface SpeakerMapping {
  /** Every detected speaker with the name it now has (unchanged ones map to themselves). */
  names: Record<string, string>;
  /** Final names that two or more detected speakers now share. */
  merged: Array<{ name: string; from: string[] }>;
}

/**
 * Renames and merges speakers: each key a speaker the transcript has, each value its new name;
 * two speakers given one name (or a new name that another speaker already has) become one. The
 * names left must be unique ignoring case and spacing, so "Alice" and "alice" cannot both stay.
 */
export function speakerMapping(transcript: Pick<Transcript, "speakers">, renames: unknown): SpeakerMapping {
  const parsed = v.safeParse(SpeakerRenamesSchema, renames);
  if (!parsed.success) throw new InputError("invalid_request", parsed.issues[0].message);
  const known = new Set(transcript.speakers);
  for (const from of Object.keys(parsed.output)) {
    if (!known.has(from))
      throw new InputError(
        "invalid_request",
        `No speaker "${from.slice(0, MAX_SPEAKER_NAME)}" in this transcript; its speakers are ${transcript.speakers
          .slice(0, 20)
          .map((s) => `"${s}"`)
          .join(", ")}.`,
      );
  }
  const names: Record<string, string> = {};
  for (const s of transcript.speakers) names[s] = parsed.output[s] ?? s;

  const byKey = new Map<string, string>();
  for (const name of Object.values(names)) {
    const key = name.toLowerCase().replace(/\s+/g, " ");
    const seen = byKey.get(key);
    if (seen !== undefined && seen !== name)
      throw new InputError(
        "invalid_request",
        `"${seen}" and "${name}" differ only in case or spacing; give both the same spelling to merge them.`,
      );
    byKey.set(key, name);
  }
  const groups = new Map<string, string[]>();
  for (const [from, to] of Object.entries(names)) groups.set(to, [...(groups.get(to) ?? []), from]);
  const merged = [...groups].filter(([, from]) => from.length > 1).map(([name, from]) => ({ name, from }));
  return { names, merged };
}

/** The transcript with every segment's speaker renamed; speakers in order of first appearance. */
export function renameSpeakers<T extends Transcript>(transcript: T, mapping: SpeakerMapping): T {
  const rename = (s: string) => mapping.names[s] ?? s;
  return {
    ...transcript,
    speakers: [...new Set(transcript.speakers.map(rename))],
    segments: transcript.segments.map((s) => ({ ...s, speaker: rename(s.speaker) })),
  };
}

/** `Speaker 1=Alice` (the CLI's form) as a rename; the first `=` separates the two names. */
export function parseSpeakerAssignment(text: string): [string, string] {
  const at = text.indexOf("=");
  const from = at < 0 ? "" : text.slice(0, at).trim();
  const to = at < 0 ? "" : text.slice(at + 1).trim();
  if (from === "" || to === "")
    throw new InputError(
      "invalid_request",
      `--speaker takes "Detected name=New name"; got "${text.slice(0, 80)}".`,
    );
  return [from, to];
}

/**
 * The names the model saw → the names after `mapping`: a rename after earlier ones is composed
 * with them (`seen` is the mapping so far, undefined before the first rename).
 */
export function composeSpeakerNames(
  seen: Readonly<Record<string, string>> | undefined,
  mapping: SpeakerMapping,
): Record<string, string> {
  const before = seen ?? Object.fromEntries(Object.keys(mapping.names).map((s) => [s, s]));
  return Object.fromEntries(Object.entries(before).map(([model, now]) => [model, mapping.names[now] ?? now]));
}

/**
 * A model's text with the speakers' new names for the labels it wrote. Only labels that cannot be
 * mistaken for ordinary words are replaced: with a digit or underscore (`Speaker 1`, `SPEAKER_00`),
 * or capitalized words of three letters or more (`Alice`, `Dr Weber`), matched whole and with
 * their case. Short all-capital labels (`PM`, `UI`) and single letters stay as written: in a text
 * about a design they are words too.
 */
export function renameInText(text: string, names: Readonly<Record<string, string>> | undefined): string {
  if (!names) return text;
  const changed = Object.entries(names)
    .filter(([from, to]) => from !== to && replaceableLabel(from))
    .sort((a, b) => b[0].length - a[0].length);
  if (changed.length === 0) return text;
  const to = new Map(changed);
  const pattern = new RegExp(
    `(?<![\\p{L}\\p{N}_])(?:${changed.map(([from]) => escapeRegExp(from)).join("|")})(?![\\p{L}\\p{N}_])`,
    "gu",
  );
  return text.replace(pattern, (label) => to.get(label) ?? label);
}

function replaceableLabel(label: string): boolean {
  if (/[\d_]/.test(label)) return label.length >= 2;
  return /^\p{Lu}[\p{Ll}'’-]{2,}(?:[ .]+\p{Lu}[\p{Ll}'’.-]*)*$/u.test(label);
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
