/**
 * Answers that cite, for questions about a meeting or a library: the double reads the segments of
 * the prompt and answers with `[seg-N]` (or `[M1 seg-N]` under a library's meeting headings)
 * citations and a quote copied from the cited segment; optionally one citation to a segment that
 * does not exist and one quote that no segment says, so a test sees both checked.
 */
import { findSegments, shortQuote } from "./prompt-reading";
import type { Responder } from "./types";

export interface CitingOptions {
  /** Also cite a segment the prompt does not have. */
  unknownCitation?: boolean;
  /** Also quote words no segment says. */
  madeUpQuote?: boolean;
  breakAfterChars?: number;
  pieceDelayMs?: number;
}

export function citingResponder(options: CitingOptions = {}): Responder {
  return (req) => {
    const context = req.messages
      .slice(0, -1)
      .map((m) => m.content)
      .join("\n\n");
    const handles = [...context.matchAll(/^## (M\d+)\b.*$/gm)].map((m) => ({ handle: m[1]!, at: m.index }));
    const handleAt = (segmentId: string) => {
      const at = context.indexOf(`[${segmentId}]`);
      return handles.filter((h) => h.at < at).at(-1)?.handle;
    };
    const segments = findSegments(req.messages);
    const cite = (id: string) => {
      const handle = handles.length > 0 ? handleAt(id) : undefined;
      return `[${handle ? `${handle} ` : ""}${id}]`;
    };
    const first = segments[0];
    const second = segments[1] ?? first;
    if (!first) return { text: "The transcript does not say." };
    const quote = shortQuote(second!.text);
    const lines = [
      `The discussion opens with ${first.speaker} ${cite(first.id)}.`,
      quote
        ? `${second!.speaker} said "${quote}" ${cite(second!.id)}.`
        : `${second!.speaker} follows ${cite(second!.id)}.`,
    ];
    if (options.madeUpQuote) lines.push(`Someone said "the moon is made of cheese" ${cite(first.id)}.`);
    if (options.unknownCitation)
      lines.push(`It was settled later [${handles.length > 0 ? `${handles[0]!.handle} ` : ""}seg-999999].`);
    return {
      text: lines.join(" "),
      ...(options.breakAfterChars !== undefined ? { breakAfterChars: options.breakAfterChars } : {}),
      ...(options.pieceDelayMs !== undefined ? { pieceDelayMs: options.pieceDelayMs } : {}),
    };
  };
}
