/**
 * What the test double reads out of a prompt: the transcript's segment lines
 * (`[seg-12] Speaker: text`, optionally `[seg-12] [00:01:23] Speaker: text`), the segment ids
 * cited anywhere, and the analyzer marker.
 */

export interface PromptSegment {
  id: string;
  speaker: string;
  /** The first line of the segment's text, exactly as in the prompt. */
  text: string;
  timestamp?: string;
}

type Message = { role: string; content: string };

const SEGMENT_LINE =
  /^\[(seg-[1-9]\d*)\](?:\s*\[(\d{1,2}(?::\d{2}){1,2}(?:\.\d+)?)\])?\s*([^:\n]{1,80}?):[ \t]+(\S[^\n]*)$/gm;
const CITED_ID = /\[(seg-[1-9]\d*)[\],]/g;
const ANALYZER_MARKER = /<!--\s*analyzer:\s*([a-z0-9][a-z0-9-]*)\s*-->/;

/** The marker a caller puts in the last message so a responder can tell analyzers apart. */
export function analyzerMarker(id: string): string {
  return `<!-- analyzer: ${id} -->`;
}

export function findAnalyzer(messages: readonly Message[]): string | undefined {
  const last = messages.at(-1);
  return last ? ANALYZER_MARKER.exec(last.content)?.[1] : undefined;
}

/** The text of the `<transcript>` block when there is one, else every message but the instructions. */
function transcriptText(messages: readonly Message[]): string {
  const all = messages.map((m) => m.content).join("\n\n");
  const block = /<transcript>([\s\S]*?)<\/transcript>/.exec(all);
  if (block) return block[1]!;
  return messages
    .slice(0, Math.max(1, messages.length - 1))
    .map((m) => m.content)
    .join("\n\n");
}

export function findSegments(messages: readonly Message[]): PromptSegment[] {
  const segments: PromptSegment[] = [];
  for (const m of transcriptText(messages).matchAll(SEGMENT_LINE)) {
    segments.push({ id: m[1]!, timestamp: m[2], speaker: m[3]!.trim(), text: m[4]!.trimEnd() });
  }
  return segments;
}

/**
 * Segment ids a grounded answer may cite: the transcript's own, else ids cited in the context
 * blocks; the instructions (last message) are read last, since they hold made-up examples.
 */
export function citableSegmentIds(messages: readonly Message[]): string[] {
  const fromTranscript = findSegments(messages).map((s) => s.id);
  if (fromTranscript.length > 0) return fromTranscript;
  const cited = (text: string) => [...text.matchAll(CITED_ID)].map((m) => m[1]!);
  const early = cited(
    messages
      .slice(0, -1)
      .map((m) => m.content)
      .join("\n"),
  );
  return early.length > 0 ? early : cited(messages.at(-1)?.content ?? "");
}

/**
 * A short exact quote from the segment's first line: up to 8 consecutive words, none of them a
 * corpus marker like `{vocalsound}`; undefined when no run of at least 3 such words exists.
 */
export function shortQuote(text: string, maxWords = 8): string | undefined {
  const words = [...text.matchAll(/\S+/g)];
  let run: RegExpMatchArray[] = [];
  let best: RegExpMatchArray[] = [];
  for (const w of words) {
    if (/[{}]/.test(w[0])) {
      run = [];
      continue;
    }
    run.push(w);
    if (run.length > best.length) best = [...run];
    if (best.length >= maxWords) break;
  }
  if (best.length < 3) return undefined;
  const first = best[0]!;
  const last = best.at(-1)!;
  return text.slice(first.index!, last.index! + last[0].length);
}
