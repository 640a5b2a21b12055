import { franc } from "franc-min";
import type { Transcript } from "../transcript/model";
import { type OutputLanguage, outputLanguage } from "./language";

/** Enough speech to tell languages apart, and little enough to detect in a few milliseconds. */
const SAMPLE_CHARS = 4_000;
const MIN_CHARS = 40;

/**
 * ISO 639-3 codes (what the detector answers) to the shorter ISO 639-1 codes BCP 47 prefers,
 * for the languages it knows; a code without one is a valid BCP 47 tag as it is.
 */
const TWO_LETTER: Record<string, string> = {
  arb: "ar",
  azj: "az",
  bel: "be",
  ben: "bn",
  bos: "bs",
  bul: "bg",
  ces: "cs",
  cmn: "zh",
  deu: "de",
  ell: "el",
  eng: "en",
  fra: "fr",
  guj: "gu",
  hau: "ha",
  heb: "he",
  hin: "hi",
  hrv: "hr",
  hun: "hu",
  ibo: "ig",
  ind: "id",
  ita: "it",
  jav: "jv",
  jpn: "ja",
  kan: "kn",
  kaz: "kk",
  kin: "rw",
  kor: "ko",
  lin: "ln",
  mal: "ml",
  mar: "mr",
  mya: "my",
  nld: "nl",
  npi: "ne",
  nya: "ny",
  pan: "pa",
  pbu: "ps",
  pes: "fa",
  plt: "mg",
  pol: "pl",
  por: "pt",
  ron: "ro",
  rus: "ru",
  sin: "si",
  som: "so",
  spa: "es",
  srp: "sr",
  sun: "su",
  swe: "sv",
  swh: "sw",
  tam: "ta",
  tel: "te",
  tgl: "tl",
  tha: "th",
  tur: "tr",
  ukr: "uk",
  urd: "ur",
  uzn: "uz",
  vie: "vi",
  yor: "yo",
  zlm: "ms",
  zul: "zu",
};

/**
 * The language the transcript is spoken in, as a BCP 47 tag, detected offline from what was said
 * (speaker names left out); undefined when there is too little text or no clear answer.
 */
export function detectLanguage(transcript: Pick<Transcript, "segments">): string | undefined {
  let sample = "";
  for (const s of transcript.segments) {
    if (sample.length >= SAMPLE_CHARS) break;
    // Annotation markers such as {vocalsound} are no language.
    // Only what the sample can still take is read: one turn may be a whole book.
    const room = s.text.slice(0, SAMPLE_CHARS - sample.length + 64);
    sample += `${room.replace(/\{[a-z_]+\}/g, " ")}\n`;
  }
  if (sample.replace(/\s+/g, "").length < MIN_CHARS) return undefined;
  const code = franc(sample.slice(0, SAMPLE_CHARS), { minLength: MIN_CHARS });
  if (code === "und") return undefined;
  return TWO_LETTER[code] ?? code;
}

/** The language asked for, else the transcript's own when it can be told. */
export function chooseLanguage(
  requested: string | undefined,
  transcript: Pick<Transcript, "segments"> | undefined,
): OutputLanguage | undefined {
  if (requested) return outputLanguage(requested, "request");
  const detected = transcript ? detectLanguage(transcript) : undefined;
  return detected ? outputLanguage(detected, "transcript") : undefined;
}
