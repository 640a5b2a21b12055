import { parse as parseYaml, stringify as stringifyYaml } from "yaml";
import type { Insight } from "../insights/schema";
import type { JobView } from "../jobs/job-view";
import { type Labels, labelsFor } from "../language/labels";
import {
  formatPercent,
  inline,
  jobDate,
  jobTitle,
  nestHeadings,
  section,
  splitFrontMatter,
  unfinishedNote,
} from "./markdown-text";

const COMPOSITE_NOTE = "composite-note";
const KEYWORD_TAGS = 5;

/**
 * An Obsidian note of the job: YAML front matter (written by a YAML library, so any title or name
 * is escaped), `[[links]]` to speakers and topic keywords, callouts for decisions, risks and open
 * questions, `- [ ]` tasks with owner and 📅 due date, then the composite-note analyzer's note.
 */
export function obsidianExport(b: JobView): string {
  const composite = b.outputs.find((o) => o.id === COMPOSITE_NOTE);
  const split = composite ? splitFrontMatter(composite.text) : null;
  const extra = split?.frontMatter ? listsOf(split.frontMatter) : { tags: [], aliases: [] };

  const front: Record<string, unknown> = {
    title: jobTitle(b),
    date: jobDate(b),
    tags: unique([
      "meeting",
      "transcript",
      ...b.computed.keywords.slice(0, KEYWORD_TAGS).map((k) => tagOf(k.term)),
      ...extra.tags.map(tagOf),
    ]),
    aliases: unique(extra.aliases.map(inline)),
    speakers: b.transcript.speakers.map(inline),
    jobId: b.doc.jobId,
    status: b.doc.status,
    ...(b.doc.source.fileName ? { source: inline(b.doc.source.fileName) } : {}),
  };

  const L = labelsFor(b.language);
  const out = ["---", stringifyYaml(front, { lineWidth: 0 }).trimEnd(), "---", "", `# ${jobTitle(b)}`, ""];
  const note = unfinishedNote(b);
  if (note) out.push(`> [!warning] ${L.stillRunning}`, `> ${note}`, "");
  out.push(...participants(b), ...topics(b), ...summary(b), ...outcomes(b));
  if (composite && split) {
    out.push(`## ${L.compositeNote}`, "", nestHeadings(split.body.trim(), 2), "");
  }
  return `${out.join("\n").trimEnd()}\n`;
}

/** `[[Name]]`, with the characters Obsidian forbids in note names (or reads as link syntax) removed. */
export function wikiLink(name: string): string {
  const target = inline(name.replace(/[[\]|#^\\/:*"<>?]/g, " "));
  return target === "" ? inline(name) : `[[${target}]]`;
}

/** A tag Obsidian accepts: lowercase letters, digits, `_`, `-`, `/`, and not digits only. */
function tagOf(term: string): string {
  const tag = term
    .toLowerCase()
    .replace(/\s*\/[\s/]*/g, "/")
    .replace(/[^\p{L}\p{N}_/-]+/gu, "-")
    .replace(/^[-/]+|[-/]+$/g, "");
  return /^\d*$/.test(tag) ? "" : tag;
}

const unique = (xs: string[]) => [...new Set(xs.filter((x) => x !== ""))];

/** The composite note's own tags and aliases, when its front matter is readable YAML. */
function listsOf(yaml: string): { tags: string[]; aliases: string[] } {
  let data: unknown;
  try {
    data = parseYaml(yaml);
  } catch {
    data = null;
  }
  const record = (typeof data === "object" && !Array.isArray(data) ? (data ?? {}) : {}) as Record<
    string,
    unknown
  >;
  const strings = (v: unknown) =>
    Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : typeof v === "string" ? [v] : [];
  return { tags: strings(record.tags), aliases: strings(record.aliases) };
}

const participants = (b: JobView) => {
  const L = labelsFor(b.language);
  return section(
    L.participants,
    b.computed.speakerStats,
    (s) =>
      `- ${wikiLink(s.speaker)}: ${L.count(s.turns, "turn")}, ${L.count(s.words, "word")} (${formatPercent(s.share)}), ${L.count(s.questions, "question")}`,
  );
};

const topics = (b: JobView) =>
  section(
    labelsFor(b.language).topics,
    b.computed.topics,
    (t) =>
      `- **${inline(t.title)}** (${t.startSegment}–${t.endSegment}): ${t.keywords.map(wikiLink).join(", ")}`,
  );

const summary = (b: JobView) =>
  section(
    labelsFor(b.language).summary,
    b.computed.summary,
    (s) => `> - ${wikiLink(s.speaker)}: ${inline(s.text)} (${s.segmentId})`,
    ["> [!summary]"],
  );

const CALLOUTS = [
  ["decision", "success", "decisions"],
  ["risk", "warning", "risks"],
  ["question", "question", "openQuestions"],
] as const;

function outcomes(b: JobView): string[] {
  const L = labelsFor(b.language);
  const { report, provisional } = b.insights;
  if (report.items.length === 0) return [];
  const out = [`## ${L.outcomes}`, ""];
  if (provisional) out.push(`_${L.provisional}_`, "");
  for (const [type, kind, title] of CALLOUTS) {
    const items = report.items.filter((i) => i.type === type);
    if (items.length === 0) continue;
    out.push(`> [!${kind}] ${L[title]}`, ...items.map((i) => `> - ${itemText(i, L)}`), "");
  }
  const actions = report.items.filter((i) => i.type === "action");
  if (actions.length > 0) {
    out.push(
      `### ${L.tasks}`,
      "",
      ...actions.map((i) => `- [ ] ${itemText(i, L)}${i.due ? ` 📅 ${i.due}` : ""}`),
      "",
    );
  }
  return out;
}

/** Summary, owner link, cited segments; the due date goes last, where the Tasks plugin reads it. */
function itemText(i: Insight, L: Labels): string {
  const who = i.owner ? ` — ${wikiLink(i.owner)}` : "";
  const cite = i.evidence.segmentIds.length > 0 ? ` (${i.evidence.segmentIds.join(", ")})` : "";
  return `${inline(i.summary)}${who}${cite}${i.verified ? "" : ` ⚠ ${L.unverified}`}`;
}
