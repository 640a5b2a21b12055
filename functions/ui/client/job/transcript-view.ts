import type { Segment } from "../../../../core/transcript/model";
import { api, type JobResults } from "../lib/api";
import { announce, fill, h, prefersReducedMotion } from "../lib/dom";
import { formatClock, formatInteger, plural } from "../lib/format";
import { changedSpeakerNames, speakerFields } from "../lib/speaker-fields";
import { speakerHue } from "./segment-link";

/** Segments drawn at a time: a 200k-cue transcript shows its first few hundred, then more on request. */
export const SEGMENTS_SHOWN = 300;

/**
 * The transcript beside the results: its segments with id, time and speaker, a filter, and
 * `focusSegment(id)`, which citations call to scroll to a segment and highlight it. The server
 * sends the segments a page at a time and the panel draws SEGMENTS_SHOWN at a time ("Show more"),
 * so a huge transcript stays a few thousand elements however long it is.
 */
export function renderTranscript(
  transcript: JobResults["transcript"],
  jobId: string,
  onRename?: (renames: Record<string, string>) => Promise<void>,
) {
  const hues = new Map(transcript.speakers.map((s, i) => [s, speakerHue(i)]));
  const total = transcript.segmentsPage?.total ?? transcript.segments.length;
  /** The segments loaded so far (pages from 0, in order), and where the next page starts. */
  const loaded: Segment[] = [...transcript.segments];
  let nextOffset = transcript.segmentsPage?.nextOffset;
  let texts = loaded.map(textOf);

  const list = h("ol", { class: "segments" });
  const more = h("button", { class: "button small show-more", type: "button" }, "Show more");
  const status = h("p", { class: "hint filter-status", "aria-live": "polite" });
  const filter = h("input", {
    type: "search",
    id: "transcript-filter",
    placeholder: "Filter segments",
    autocomplete: "off",
    spellcheck: "false",
  });

  /** Indexes into `loaded` that the filter lets through, and how many of them are drawn. */
  let matches: number[] = [];
  let drawn = 0;
  let query = "";

  const draw = (upTo: number) => {
    const end = Math.min(matches.length, upTo);
    const items: HTMLElement[] = [];
    for (let i = drawn; i < end; i++) {
      const seg = loaded[matches[i]!]!;
      items.push(segmentItem(seg, hues.get(seg.speaker) ?? 0));
    }
    list.append(...items);
    drawn = end;
    const left = matches.length - drawn;
    more.hidden = left === 0 && (query !== "" || nextOffset === undefined);
    more.textContent =
      left > 0 ? `Show ${formatInteger(Math.min(left, SEGMENTS_SHOWN))} more` : "Load more of the transcript";
  };
  const applyFilter = (q: string) => {
    query = q.trim().toLowerCase();
    matches = [];
    for (let i = 0; i < loaded.length; i++) if (!query || texts[i]!.includes(query)) matches.push(i);
    fill(list);
    drawn = 0;
    draw(SEGMENTS_SHOWN);
    const of = loaded.length < total ? ` of the ${formatInteger(loaded.length)} loaded` : "";
    status.textContent = query ? `${plural(matches.length, "segment")}${of} match.` : "";
  };
  /** Fetches the next page of segments from the server; false when there is none. */
  const loadMore = async (): Promise<boolean> => {
    if (nextOffset === undefined) return false;
    const page = await api.results(jobId, nextOffset);
    const start = loaded.length;
    loaded.push(...page.transcript.segments);
    texts = texts.concat(page.transcript.segments.map(textOf));
    nextOffset = page.transcript.segmentsPage?.nextOffset;
    for (let i = start; i < loaded.length; i++) if (!query || texts[i]!.includes(query)) matches.push(i);
    return page.transcript.segments.length > 0;
  };
  more.addEventListener("click", async () => {
    if (drawn < matches.length) return draw(drawn + SEGMENTS_SHOWN);
    more.disabled = true;
    try {
      if (await loadMore()) draw(drawn + SEGMENTS_SHOWN);
    } catch {
      announce("More of the transcript could not be loaded; try again.");
    } finally {
      more.disabled = false;
    }
  });
  let timer = 0;
  filter.addEventListener("input", () => {
    clearTimeout(timer);
    timer = window.setTimeout(() => applyFilter(filter.value), 120);
  });
  applyFilter("");

  const meta = [
    plural(total, "segment"),
    plural(transcript.speakerCount ?? transcript.speakers.length, "speaker"),
    transcript.date,
  ];
  const element = h(
    "aside",
    { class: "transcript-panel card", "aria-labelledby": "transcript-title" },
    h(
      "div",
      { class: "transcript-head" },
      h("h2", { id: "transcript-title" }, "Transcript"),
      h("p", { class: "hint" }, meta.filter(Boolean).join(" · ")),
      h("label", { class: "visually-hidden", for: "transcript-filter" }, "Filter the transcript"),
      filter,
      status,
      onRename ? speakerForm(transcript.speakers, onRename) : null,
    ),
    h("div", { class: "transcript-scroll", tabindex: "0", "aria-label": "Transcript segments" }, list, more),
  );

  let current: HTMLElement | null = null;
  /** Draws the segment if it is loaded but not drawn yet (clearing a filter that hides it). */
  const reveal = async (id: string): Promise<HTMLElement | null> => {
    let index = loaded.findIndex((s) => s.id === id);
    while (index < 0 && (await loadMore().catch(() => false))) index = loaded.findIndex((s) => s.id === id);
    if (index < 0) return null;
    let at = matches.indexOf(index);
    if (at < 0) {
      filter.value = "";
      applyFilter("");
      at = index;
    }
    if (at >= drawn) draw(at + 1);
    return list.querySelector<HTMLElement>(`#${CSS.escape(id)}`);
  };
  return {
    element,
    /** Marks the segments an answer cites. */
    markCited(ids: readonly string[]) {
      for (const li of list.querySelectorAll(".seg.cited")) li.classList.remove("cited");
      for (const id of ids) list.querySelector(`#${CSS.escape(id)}`)?.classList.add("cited");
    },
    /** Scrolls to the segment and highlights it; false (and says so) when there is no such segment. */
    async focusSegment(id: string): Promise<boolean> {
      const target = await reveal(id);
      if (!target) {
        announce(`${id} is not in this transcript.`);
        return false;
      }
      current?.classList.remove("highlight");
      current?.removeAttribute("aria-current");
      target.classList.add("highlight");
      target.setAttribute("aria-current", "true");
      current = target;
      target.scrollIntoView({ block: "center", behavior: prefersReducedMotion() ? "auto" : "smooth" });
      target.focus({ preventScroll: true });
      return true;
    },
  };
}

const textOf = (s: Segment) => `${s.speaker} ${s.text}`.toLowerCase();

const segmentItem = (seg: Segment, hue: number) =>
  h(
    "li",
    { id: seg.id, class: "seg", tabindex: "-1", style: { "--hue": hue } },
    h(
      "div",
      { class: "seg-head" },
      h("span", { class: "seg-id" }, seg.id),
      seg.start !== undefined ? h("span", { class: "seg-time" }, formatClock(seg.start)) : null,
      h("span", { class: "seg-speaker" }, seg.speaker),
    ),
    h("p", { class: "seg-text" }, seg.text),
  );

/** Rename or merge speakers: a field per speaker; two given one name become one. */
function speakerForm(
  speakers: readonly string[],
  onRename: (renames: Record<string, string>) => Promise<void>,
) {
  const fields = speakerFields(speakers, "speaker");
  const error = h("p", { class: "error-text", role: "alert" });
  const save = h(
    "button",
    { class: "button small primary", type: "submit", id: "speakers-save" },
    "Save names",
  );
  const form = h("form", { class: "speaker-form", id: "speaker-form" }, fields, save, error);
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    const renames = changedSpeakerNames(form);
    if (!renames) return;
    save.disabled = true;
    error.textContent = "";
    onRename(renames)
      .catch((err: unknown) => {
        error.textContent = err instanceof Error ? err.message : String(err);
      })
      .finally(() => {
        save.disabled = false;
      });
  });
  return h("details", { class: "speaker-rename" }, h("summary", null, "Rename speakers"), form);
}
