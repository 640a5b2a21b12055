import * as v from "valibot";
import type { Segment, Transcript } from "../transcript/model";

/**
 * Redaction before anything leaves for a model: e-mail addresses, phone numbers, card, IBAN and
 * account numbers and, when asked, person names (the speakers, and names after a title such as
 * "Dr." or "Frau") become stable placeholders (`[EMAIL_1]`, `[PERSON_2]`): the same value gets
 * the same placeholder everywhere in the job. The mapping stays with the job, sealed; outputs
 * shown to a person get the real values back.
 */

export const REDACTION_KINDS = ["EMAIL", "IBAN", "CARD", "ACCOUNT", "PHONE", "PERSON"] as const;
export type RedactionKind = (typeof REDACTION_KINDS)[number];

/** Placeholder → the value it stands for. */
export const RedactionMappingSchema = v.array(v.tuple([v.string(), v.string()]));
export type RedactionMapping = v.InferOutput<typeof RedactionMappingSchema>;

export interface Redacted {
  transcript: Transcript;
  mapping: RedactionMapping;
  /** How many distinct values of each kind were replaced. */
  counts: Partial<Record<RedactionKind, number>>;
}

const PLACEHOLDER = /\[(EMAIL|IBAN|CARD|ACCOUNT|PHONE|PERSON)_(\d+)\]/g;

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;
const IBAN = /\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?\b/g;
const CARD = /(?<![\d-])\d(?:[ -]?\d){12,18}(?![\d-])/g;
const ACCOUNT =
  /\b(?:account|acct|konto(?:nummer)?|compte|cuenta)(?:\s+(?:number|no\.?|nr\.?|nummer|numéro|número))?[\s:#]*(\d[\d -]{4,20}\d)/giu;
const PHONE =
  /(?<![\w+])(?:\+\d{1,3}[ .-]?)?(?:\(\d{1,5}\)[ .-]?)?\d{2,8}(?:[ .-]\d{2,8}){1,4}(?![\w]|[.,]\d)/g;
const TITLED_NAME =
  /\b(?:Mr|Mrs|Ms|Miss|Dr|Prof|Herr|Frau|Mme|Mlle|Sr|Sra|Srta)\.?\s+(\p{Lu}\p{Ll}+(?:[ -]\p{Lu}\p{Ll}+)?)/gu;

/** Speaker labels that name a role or a number, not a person. */
const ROLE_WORDS =
  /\b(manager|designer|interface|marketing|speaker|spk|interviewer|interviewee|moderator|host|customer|client|agent|participant|unknown|user|chair|facilitator|guest|caller|presenter|audience|team|group|narrator)\b/i;

export function redactTranscript(transcript: Transcript, options: { names: boolean }): Redacted {
  const byValue = new Map<string, string>();
  const mapping: RedactionMapping = [];
  const counts: Partial<Record<RedactionKind, number>> = {};
  const placeholder = (kind: RedactionKind, value: string, key = value) => {
    let p = byValue.get(`${kind}:${key}`);
    if (!p) {
      counts[kind] = (counts[kind] ?? 0) + 1;
      p = `[${kind}_${counts[kind]}]`;
      byValue.set(`${kind}:${key}`, p);
      mapping.push([p, value]);
    }
    return p;
  };

  // Names first, so each person keeps one placeholder for the full name and its parts.
  const names: Array<{ pattern: RegExp; placeholder: string }> = [];
  if (options.names) {
    const people = transcript.speakers.filter(isPersonName);
    const titled = transcript.segments.flatMap((s) => [...s.text.matchAll(TITLED_NAME)].map((m) => m[1]!));
    for (const person of [...people, ...titled]) {
      const p = placeholder("PERSON", person);
      for (const part of [person, ...person.split(/[ -]+/).filter((w) => w.length >= 3)]) {
        if (!names.some((n) => n.pattern.source === wordPattern(part).source)) {
          names.push({ pattern: wordPattern(part), placeholder: p });
        }
      }
    }
    // The longest first, so "Anna Schmidt" is replaced whole before "Anna".
    names.sort((a, b) => b.pattern.source.length - a.pattern.source.length);
  }

  const redactText = (text: string): string => {
    let out = text.replace(EMAIL, (m) => placeholder("EMAIL", m));
    out = out.replace(IBAN, (m) => (validIban(m) ? placeholder("IBAN", m, compact(m)) : m));
    out = out.replace(CARD, (m) => (luhn(compact(m)) ? placeholder("CARD", m, compact(m)) : m));
    out = out.replace(ACCOUNT, (m, num: string) => m.replace(num, placeholder("ACCOUNT", num, compact(num))));
    out = out.replace(PHONE, (m) => (isPhone(m) ? placeholder("PHONE", m, compact(m)) : m));
    for (const n of names) out = out.replace(n.pattern, n.placeholder);
    return out;
  };
  const redactSpeaker = (speaker: string): string => {
    for (const n of names) if (new RegExp(`^${n.pattern.source}$`, "u").test(speaker)) return n.placeholder;
    return speaker;
  };

  const segments: Segment[] = transcript.segments.map((s) => ({
    ...s,
    speaker: redactSpeaker(s.speaker),
    text: redactText(s.text),
  }));
  const redacted: Transcript = {
    ...transcript,
    speakers: [...new Set(transcript.speakers.map(redactSpeaker))],
    segments,
  };
  if (transcript.title) redacted.title = redactText(transcript.title);
  return { transcript: redacted, mapping, counts };
}

/** Text with every placeholder of `mapping` put back; placeholders it does not know stay. */
export function restoreText(text: string, mapping: RedactionMapping): string {
  if (mapping.length === 0) return text;
  const values = new Map(mapping);
  return text.replace(PLACEHOLDER, (p) => values.get(p) ?? p);
}

/** Every string in a JSON-like value restored. */
export function restoreDeep<T>(value: T, mapping: RedactionMapping): T {
  if (typeof value === "string") return restoreText(value, mapping) as T;
  if (Array.isArray(value)) return value.map((x) => restoreDeep(x, mapping)) as T;
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, x]) => [k, restoreDeep(x, mapping)])) as T;
  }
  return value;
}

/** What the model is told, so the placeholders come back intact and can be restored. */
export const PLACEHOLDER_INSTRUCTION =
  "## Redacted values\nSome values in the input are replaced by placeholders such as [PERSON_1], [EMAIL_2] or [PHONE_1]. Write each placeholder exactly as it appears, brackets included, wherever you refer to that value; never guess the value behind it.";

function isPersonName(label: string): boolean {
  if (ROLE_WORDS.test(label) || /\d/.test(label)) return false;
  const words = label.trim().split(/\s+/);
  return words.length <= 4 && words.every((w) => /^\p{Lu}[\p{L}'’-]+$/u.test(w));
}

function wordPattern(text: string): RegExp {
  const escaped = text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`(?<![\\p{L}\\p{N}])${escaped}(?![\\p{L}\\p{N}])`, "gu");
}

const compact = (s: string) => s.replace(/[\s().-]/g, "");

function isPhone(m: string): boolean {
  const digits = m.replace(/\D/g, "").length;
  if (digits < 7 || digits > 15) return false;
  // Dates and times are not phone numbers; a run of groups with no + or ( needs three groups or ten digits.
  if (/^\d{4}-\d{2}-\d{2}$|^\d{1,2}[.:]\d{2}([.:]\d{2})?$/.test(m.trim())) return false;
  const groups = m.trim().split(/[ .-]+/).length;
  return /^[+(]/.test(m) || groups >= 3 || digits >= 10;
}

function luhn(digits: string): boolean {
  if (!/^\d{13,19}$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

function validIban(m: string): boolean {
  const iban = compact(m).toUpperCase();
  if (iban.length < 15 || iban.length > 34) return false;
  const moved = iban.slice(4) + iban.slice(0, 4);
  let rest = 0;
  for (const ch of moved) {
    const n = ch >= "A" ? (ch.charCodeAt(0) - 55).toString() : ch;
    for (const digit of n) rest = (rest * 10 + Number(digit)) % 97;
  }
  return rest === 1;
}
