import { h } from "../lib/dom";

/** A way to show a segment reference: a link into the transcript panel, or the plain id. */
export type Cite = (segmentId: string) => HTMLElement;

/** A link to a segment; clicks on it are handled where the results are shown. */
export const citeLink: Cite = (id) =>
  h("a", { class: "cite", href: `#${id}`, "data-seg": id, title: `Show ${id} in the transcript` }, id);

/** The id alone, where there is no transcript panel to jump to (the quick look). */
export const plainSegmentId: Cite = (id) => h("span", { class: "seg-ref" }, id);

/** A stable hue per speaker, spread around the colour wheel by the golden angle. */
export const speakerHue = (index: number) => Math.round((index * 137.508 + 210) % 360);
