import type { Transcript } from "./model";
import { formatClockTime } from "./timestamp";

export interface RenderOptions {
  /** Start each block with its `[seg-N]` id, which prompts ask the model to cite; default true. */
  ids?: boolean;
}

/**
 * The transcript as prompt text: a `Title: … · Date: …` line when known, then one block per
 * segment, `[seg-12] [00:01:23] Speaker: text` (id and time where there are), blocks separated by
 * a blank line. Blank lines inside a segment's text are closed up so blocks stay unambiguous.
 */
export function renderTranscript(t: Transcript, options: RenderOptions = {}): string {
  const ids = options.ids ?? true;
  const header = [
    ...(t.title !== undefined ? [`Title: ${t.title}`] : []),
    ...(t.date !== undefined ? [`Date: ${t.date}`] : []),
  ].join(" · ");
  const blocks = t.segments.map((segment) => {
    const prefix = [
      ...(ids ? [`[${segment.id}]`] : []),
      ...(segment.start !== undefined ? [`[${formatClockTime(segment.start)}]`] : []),
    ];
    const text = segment.text.replace(/\n[ \t]*(?:\n[ \t]*)+/g, "\n");
    return [...prefix, `${segment.speaker}: ${text}`].join(" ");
  });
  return [...(header === "" ? [] : [header]), ...blocks].join("\n\n");
}
