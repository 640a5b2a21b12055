import * as v from "valibot";

/**
 * The language a job writes its analyses, insight summaries and documents in: asked for in the
 * request (a BCP 47 tag such as `de`, `fr`, `pt-BR`, `ja`), else the transcript's own.
 */

/** A BCP 47 tag, canonicalized (`EN-us` → `en-US`); refused when Intl cannot read it. */
export const LanguageTagSchema = v.pipe(
  v.string(),
  v.trim(),
  // A two- or three-letter language (ISO 639), then optional script, region and variant subtags.
  v.regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/, "a BCP 47 language tag such as de, fr, pt-BR or ja"),
  v.check(isReadableTag, "a BCP 47 language tag such as de, fr, pt-BR or ja"),
  v.transform((tag) => Intl.getCanonicalLocales(tag)[0]!),
);

export const OutputLanguageSchema = v.object({
  /** The BCP 47 tag. */
  tag: v.string(),
  /** Its name in English, for the model's instructions (`German`, `Brazilian Portuguese`). */
  name: v.string(),
  /** Whether the request asked for it or it is the transcript's own, detected. */
  source: v.picklist(["request", "transcript"]),
});
export type OutputLanguage = v.InferOutput<typeof OutputLanguageSchema>;

function isReadableTag(tag: string): boolean {
  try {
    return Intl.getCanonicalLocales(tag).length === 1;
  } catch {
    return false;
  }
}

const NAMES = new Intl.DisplayNames(["en"], { type: "language", fallback: "code" });

export function outputLanguage(tag: string, source: OutputLanguage["source"]): OutputLanguage {
  return { tag, name: NAMES.of(tag) ?? tag, source };
}

/** The primary language subtag: `pt-BR` → `pt`. */
export const primaryLanguage = (tag: string): string => tag.split("-")[0]!.toLowerCase();

/**
 * The part of the shared system message that sets the language. It goes at the end of the system
 * message, the same for every call of a job, so the cached prefix stays shared.
 */
export function languageInstruction(language: OutputLanguage | undefined): string {
  if (!language) {
    return "## Output language\nWrite in the language of the transcript; quotations stay exactly as spoken.";
  }
  const { name, tag } = language;
  return [
    "## Output language",
    `Write everything you produce in ${name} (${tag}): headings, prose, lists, table cells, and the text fields of JSON answers such as \`summary\`. This holds whatever language the transcript is in, and it comes before any other rule about language above.`,
    `- Translate the section headings the task gives into ${name}, keeping their order and level.`,
    "- Quotations stay exactly as spoken, in the transcript's own language, never translated; add a translation after a quote only when it helps the reader.",
    "- Segment ids, names of people and JSON keys and enum values stay as they are.",
  ].join("\n");
}
