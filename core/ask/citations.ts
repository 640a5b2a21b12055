import { knownSegments, quoteChecker } from "../insights/verify";
import type { Segment } from "../transcript/model";
import type { AnswerPart, Citation } from "./model";

/** What a citation may point at: one meeting's segments, under the handle the prompt gave it. */
export interface CitedSource {
  meetingId?: string;
  segments: ReadonlyMap<string, Segment>;
}

export interface CheckedCitations {
  parts: AnswerPart[];
  citations: Citation[];
  unknown: string[];
}

// `[seg-12]`, `[seg-3, seg-4]`, and for a library answer `[M2 seg-14]` or `[M2 seg-14, M3 seg-2]`.
const CITE_GROUP =
  /\[((?:[A-Za-z][\w-]{0,40}\s+)?seg-\d{1,7}(?:\s*[,;]\s*(?:[A-Za-z][\w-]{0,40}\s+)?seg-\d{1,7})*)\]/g;
const CITE = /(?:([A-Za-z][\w-]{0,40})\s+)?(seg-\d{1,7})/g;
const QUOTE = /"([^"\n]{3,300})"|“([^”\n]{3,300})”/g;

/**
 * Checks an answer's `[seg-N]` citations the way insight evidence is checked: a cited segment must
 * exist (in the meeting its handle names), or the citation is dropped and listed as unknown; a
 * quoted phrase must occur in the segments cited right after it (or, with none there, in any
 * segment the answer cites), or it is marked not found. `sources` maps handles to meetings; the
 * handle "" is the meeting of a one-meeting answer.
 */
export function checkCitations(text: string, sources: ReadonlyMap<string, CitedSource>): CheckedCitations {
  const parts: AnswerPart[] = [];
  const citations: Citation[] = [];
  const unknown: string[] = [];
  const seen = new Set<string>();
  const pendingQuotes: Array<{ part: Extract<AnswerPart, { kind: "quote" }>; text: string }> = [];
  let last = 0;

  const pushText = (piece: string) => {
    let at = 0;
    for (const m of piece.matchAll(QUOTE)) {
      if (m.index > at) parts.push({ kind: "text", text: piece.slice(at, m.index) });
      const quoted = m[1] ?? m[2]!;
      const part = { kind: "quote" as const, text: m[0], found: false };
      parts.push(part);
      pendingQuotes.push({ part, text: quoted });
      at = m.index + m[0].length;
    }
    if (at < piece.length) parts.push({ kind: "text", text: piece.slice(at) });
  };
  const resolveQuotes = (cited: Array<{ source: CitedSource; id: string }>) => {
    for (const q of pendingQuotes.splice(0)) {
      q.part.found = cited.some(({ source, id }) => quoteChecker([id], source.segments)(q.text));
    }
  };

  const all: Array<{ source: CitedSource; id: string }> = [];
  const unresolved: typeof pendingQuotes = [];
  for (const group of text.matchAll(CITE_GROUP)) {
    pushText(text.slice(last, group.index));
    last = group.index + group[0].length;
    const here: Array<{ source: CitedSource; id: string }> = [];
    for (const c of group[1]!.matchAll(CITE)) {
      const handle = c[1] ?? "";
      const source = sources.get(handle) ?? (sources.size === 1 ? sources.get("") : undefined);
      const id = c[2]!;
      const label = handle ? `${handle} ${id}` : id;
      if (!source || knownSegments([id], source.segments).known.length === 0) {
        if (!unknown.includes(label)) unknown.push(label);
        continue;
      }
      const segment = source.segments.get(id)!;
      const citation: Citation = {
        ...(source.meetingId !== undefined ? { meetingId: source.meetingId } : {}),
        segmentId: id,
        speaker: segment.speaker,
        ...(segment.start !== undefined ? { start: segment.start } : {}),
      };
      parts.push({ kind: "cite", ...citation });
      here.push({ source, id });
      const key = `${source.meetingId ?? ""}\u0000${id}`;
      if (!seen.has(key)) {
        seen.add(key);
        citations.push(citation);
      }
    }
    all.push(...here);
    if (here.length > 0) resolveQuotes(here);
    else unresolved.push(...pendingQuotes.splice(0));
  }
  pushText(text.slice(last));
  // Quotes with no citation after them are checked against everything the answer cites.
  for (const q of [...unresolved, ...pendingQuotes.splice(0)]) {
    q.part.found = all.some(({ source, id }) => quoteChecker([id], source.segments)(q.text));
  }
  return { parts: mergeText(parts), citations, unknown };
}

/** Adjacent text parts joined, so the UI gets as few nodes as possible. */
function mergeText(parts: AnswerPart[]): AnswerPart[] {
  const out: AnswerPart[] = [];
  for (const p of parts) {
    const prev = out.at(-1);
    if (p.kind === "text" && prev?.kind === "text") prev.text += p.text;
    else out.push(p.kind === "text" ? { ...p } : p);
  }
  return out;
}

/** The answer's text with the dropped citations taken out, as it is stored and exported. */
export function textOfParts(parts: readonly AnswerPart[], handleOf?: (c: Citation) => string): string {
  return parts
    .map((p) => {
      if (p.kind === "cite") return `[${handleOf ? `${handleOf(p)} ` : ""}${p.segmentId}]`;
      return p.text;
    })
    .join("");
}
