import type { ComputedAnalyses } from "../computed";
import { PROFILE_CATEGORIES, PROFILE_LABELS } from "../computed/linguistic-profile";
import type { Transcript } from "../transcript/model";
import { formatClockTime } from "../transcript/timestamp";

/**
 * The small variables every prompt of a job may use, made once when the job is created, so all
 * analyzers see the same values (and the shared prompt prefix stays identical).
 */
export function jobValues(t: Transcript, computed: ComputedAnalyses): Record<string, string> {
  const values: Record<string, string> = {
    speakers: t.speakers.join(", "),
    segment_count: String(t.segments.length),
    computed: computedBlock(computed),
    linguistic_profile: profileBlock(computed),
  };
  if (t.title) values.title = t.title;
  if (t.date) values.date = t.date;
  const duration = t.durationSeconds ?? t.segments.at(-1)?.end;
  if (duration !== undefined) values.duration = formatClockTime(duration);
  return values;
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

/** The computed analyses as a compact block for prompts and contexts. */
export function computedBlock(c: ComputedAnalyses): string {
  const lines: string[] = ["Speakers (turns, words, share of words, talk time, questions asked):"];
  for (const s of c.speakerStats) {
    const talk = s.talkTimeSeconds === null ? "talk time unknown" : formatClockTime(s.talkTimeSeconds);
    lines.push(
      `- ${s.speaker}: ${s.turns} turns, ${s.words} words, ${pct(s.share)}, ${talk}, ${s.questions} questions`,
    );
  }
  if (c.keywords.length > 0)
    lines.push(
      `Keywords: ${c.keywords
        .slice(0, 15)
        .map((k) => k.term)
        .join(", ")}`,
    );
  if (c.topics.length > 0) {
    lines.push("Topic segments:");
    c.topics.forEach((t, i) => {
      lines.push(`${i + 1}. ${t.title} (${t.startSegment} to ${t.endSegment})`);
    });
  }
  if (c.insights.length > 0) {
    lines.push("Items found by keyword rules (check them against the transcript):");
    for (const i of c.insights.slice(0, 25)) {
      const who = [i.owner, i.due && `due ${i.due}`].filter(Boolean).join(", ");
      lines.push(`- [${i.type}] ${i.summary}${who ? ` (${who})` : ""} [${i.evidence.segmentIds.join(", ")}]`);
    }
  }
  return lines.join("\n");
}

/** The linguistic profile as a table of rates per 100 words, for the Pennebaker analyzer. */
export function profileBlock(c: ComputedAnalyses): string {
  const rows = Object.entries(c.linguisticProfile).map(
    ([speaker, p]) =>
      `| ${speaker} | ${p.words} | ${PROFILE_CATEGORIES.map((k) => (p[k] * 100).toFixed(2)).join(" | ")} |`,
  );
  return [
    "Rates per 100 words, by speaker (words = real words spoken):",
    `| speaker | words | ${PROFILE_CATEGORIES.map((k) => PROFILE_LABELS[k]).join(" | ")} |`,
    `|---|---|${PROFILE_CATEGORIES.map(() => "---").join("|")}|`,
    ...rows,
  ].join("\n");
}
