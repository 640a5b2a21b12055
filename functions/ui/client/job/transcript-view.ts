import type { Segment } from "../../../../core/transcript/model";
import type { JobResults } from "../lib/api";
import { announce, h, prefersReducedMotion } from "../lib/dom";
import { formatClock, plural } from "../lib/format";
import { speakerHue } from "./segment-link";

/**
 * The transcript beside the results: every segment with its id, time and speaker, a filter, and
 * `focusSegment(id)`, which citations call to scroll to a segment and highlight it.
 */
export function renderTranscript(
  transcript: JobResults["transcript"],
  onRename?: (renames: Record<string, string>) => Promise<void>,
) {
  const hues = new Map(transcript.speakers.map((s, i) => [s, speakerHue(i)]));
  const segments = transcript.segments;
  const list = h(
    "ol",
    { class: "segments" },
    segments.map((seg) => segmentItem(seg, hues.get(seg.speaker) ?? 0)),
  );
  const items = [...list.children] as HTMLElement[];
  const status = h("p", { class: "hint filter-status", "aria-live": "polite" });
  const filter = h("input", {
    type: "search",
    id: "transcript-filter",
    placeholder: "Filter segments",
    autocomplete: "off",
    spellcheck: "false",
  });
  const texts = segments.map((s) => `${s.speaker} ${s.text}`.toLowerCase());
  const applyFilter = (query: string) => {
    const q = query.trim().toLowerCase();
    let shown = 0;
    items.forEach((li, i) => {
      li.hidden = Boolean(q) && !texts[i]!.includes(q);
      if (!li.hidden) shown++;
    });
    status.textContent = q ? `${plural(shown, "segment")} match.` : "";
  };
  let timer = 0;
  filter.addEventListener("input", () => {
    clearTimeout(timer);
    timer = window.setTimeout(() => applyFilter(filter.value), 120);
  });

  const meta = [
    plural(segments.length, "segment"),
    plural(transcript.speakers.length, "speaker"),
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
    h("div", { class: "transcript-scroll", tabindex: "0", "aria-label": "Transcript segments" }, list),
  );

  let current: HTMLElement | null = null;
  return {
    element,
    /** Marks the segments an answer cites. */
    markCited(ids: readonly string[]) {
      for (const li of list.querySelectorAll(".seg.cited")) li.classList.remove("cited");
      for (const id of ids) list.querySelector(`#${CSS.escape(id)}`)?.classList.add("cited");
    },
    /** Scrolls to the segment and highlights it; false (and says so) when there is no such segment. */
    focusSegment(id: string): boolean {
      const target = list.querySelector<HTMLElement>(`#${CSS.escape(id)}`);
      if (!target) {
        announce(`${id} is not in this transcript.`);
        return false;
      }
      if (target.hidden) {
        filter.value = "";
        applyFilter("");
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
  const fields = speakers.map((s, i) =>
    h(
      "div",
      { class: "field speaker-field" },
      h("label", { for: `speaker-${i}` }, s),
      h("input", { id: `speaker-${i}`, value: s, "data-speaker": s, autocomplete: "off", maxlength: "100" }),
    ),
  );
  const error = h("p", { class: "error-text", role: "alert" });
  const save = h(
    "button",
    { class: "button small primary", type: "submit", id: "speakers-save" },
    "Save names",
  );
  const form = h("form", { class: "speaker-form", id: "speaker-form" }, fields, save, error);
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    const renames: Record<string, string> = {};
    for (const input of form.querySelectorAll<HTMLInputElement>("input[data-speaker]")) {
      const from = input.dataset.speaker!;
      if (input.value.trim() !== from) renames[from] = input.value.trim();
    }
    if (Object.keys(renames).length === 0) return;
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
