import { isUnfinished, type JobView } from "../jobs/job-view";
import { labelsFor } from "../language/labels";

/** A `## title` section with one line per item (after any `lead` lines); nothing when there are no items. */
export function section<T>(
  title: string,
  items: readonly T[],
  line: (item: T, index: number) => string,
  lead: readonly string[] = [],
): string[] {
  return items.length === 0 ? [] : [`## ${title}`, "", ...lead, ...items.map(line), ""];
}

/** Untrusted text on one line: runs of whitespace (newlines too) become one space. */
export const inline = (text: string): string => text.replace(/\s+/g, " ").trim();

/** Text for a Markdown table cell: one line, and a `|` cannot end the cell early. */
export const cell = (text: string): string => inline(text).replaceAll("|", "\\|");

/** Rewrites the level of each ATX heading outside code fences (capped at `######`). */
function mapHeadings(text: string, level: (current: number) => number): string {
  let fence: string | null = null;
  return text
    .split("\n")
    .map((line) => {
      const marker = /^ {0,3}(`{3,}|~{3,})/.exec(line)?.[1];
      if (marker) {
        if (fence === null) fence = marker[0]!;
        else if (marker[0] === fence) fence = null;
        return line;
      }
      const heading = fence === null ? /^(#{1,6})(\s.*|)$/.exec(line) : null;
      if (!heading) return line;
      return `${"#".repeat(Math.min(6, level(heading[1]!.length)))}${heading[2]}`;
    })
    .join("\n");
}

/** Pushes every heading `by` levels down. */
export const demoteHeadings = (text: string, by: number): string => mapHeadings(text, (n) => n + by);

/**
 * Places a nested document's headings under a heading of level `parent`: its shallowest heading
 * becomes `parent + 1` and the rest keep their distance, so an analyzer's `#` or `##` both fit.
 */
export function nestHeadings(text: string, parent: number): string {
  let shallowest = 7;
  mapHeadings(text, (n) => {
    shallowest = Math.min(shallowest, n);
    return n;
  });
  return shallowest > 6 ? text : demoteHeadings(text, Math.max(0, parent + 1 - shallowest));
}

/** A leading `---` … `---` YAML block, split from the rest; `frontMatter` is its inner text. */
export function splitFrontMatter(text: string): { frontMatter: string | null; body: string } {
  const match = /^\uFEFF?\s*---\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/.exec(text);
  if (!match) return { frontMatter: null, body: text };
  return { frontMatter: match[1]!, body: text.slice(match[0].length).replace(/^\s*\n/, "") };
}

export const jobTitle = (b: JobView): string =>
  inline(b.transcript.title ?? b.doc.source.title ?? b.doc.source.fileName ?? "") ||
  `Transcript ${b.doc.jobId}`;

/** The meeting's date when the transcript gives one, else the day the job was made. */
export const jobDate = (b: JobView): string => b.transcript.date ?? b.doc.createdAt.slice(0, 10);

/** Said at the top of an export of a job that has not finished, so nobody takes it as complete. */
export function unfinishedNote(b: JobView): string | null {
  if (!isUnfinished(b)) return null;
  return labelsFor(b.language).unfinished(b.doc.status, b.doc.stage);
}

export const formatCost = (usd: number | null | undefined): string =>
  usd === null ? "unpriced" : usd === undefined ? "" : `$${usd.toFixed(4)}`;

export const formatPercent = (share: number): string => `${Math.round(share * 100)}%`;

export function formatSeconds(total: number): string {
  if (total < 10) return `${total.toFixed(1)}s`;
  const s = Math.round(total);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = s % 60;
  return h > 0 ? `${h}h ${m}m` : m > 0 ? `${m}m ${rest}s` : `${rest}s`;
}
