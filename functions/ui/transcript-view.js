/**
 * The transcript beside the results: every segment with its id, time and speaker, a filter, and
 * `focusSegment(id)`, which citations call to scroll to a segment and highlight it.
 */
import { announce, h, prefersReducedMotion } from "./dom.js";
import { formatClock, plural } from "./format.js";

/** A stable hue per speaker, spread around the colour wheel by the golden angle. */
export const speakerHue = (index) => Math.round((index * 137.508 + 210) % 360);

/** A link to a segment; clicks on it are handled where the results are shown. */
export const citeLink = (id) =>
  h("a", { class: "cite", href: `#${id}`, "data-seg": id, title: `Show ${id} in the transcript` }, id);

export function renderTranscript(transcript) {
  const speakers = transcript.speakers ?? [];
  const hues = new Map(speakers.map((s, i) => [s, speakerHue(i)]));
  const segments = transcript.segments ?? [];
  const list = h(
    "ol",
    { class: "segments" },
    segments.map((seg) =>
      h(
        "li",
        { id: seg.id, class: "seg", tabindex: "-1", style: { "--hue": hues.get(seg.speaker) ?? 0 } },
        h(
          "div",
          { class: "seg-head" },
          h("span", { class: "seg-id" }, seg.id),
          seg.start !== undefined && seg.start !== null
            ? h("span", { class: "seg-time" }, formatClock(seg.start))
            : null,
          h("span", { class: "seg-speaker" }, seg.speaker),
        ),
        h("p", { class: "seg-text" }, seg.text),
      ),
    ),
  );
  const status = h("p", { class: "hint filter-status", "aria-live": "polite" });
  const filter = h("input", {
    type: "search",
    id: "transcript-filter",
    placeholder: "Filter segments",
    autocomplete: "off",
    spellcheck: "false",
  });
  let timer = 0;
  filter.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(() => applyFilter(filter.value), 120);
  });
  const texts = segments.map((s) => `${s.speaker} ${s.text}`.toLowerCase());
  function applyFilter(query) {
    const q = query.trim().toLowerCase();
    let shown = 0;
    list.childNodes.forEach((li, i) => {
      const match = !q || texts[i].includes(q);
      li.hidden = !match;
      if (match) shown++;
    });
    status.textContent = q ? `${plural(shown, "segment")} match.` : "";
  }

  const meta = [
    plural(segments.length, "segment"),
    plural(speakers.length, "speaker"),
    transcript.date ?? null,
  ].filter(Boolean);
  const element = h(
    "aside",
    { class: "transcript-panel card", "aria-labelledby": "transcript-title" },
    h(
      "div",
      { class: "transcript-head" },
      h("h2", { id: "transcript-title" }, "Transcript"),
      h("p", { class: "hint" }, meta.join(" · ")),
      h("label", { class: "visually-hidden", for: "transcript-filter" }, "Filter the transcript"),
      filter,
      status,
    ),
    h("div", { class: "transcript-scroll", tabindex: "0", "aria-label": "Transcript segments" }, list),
  );

  let current = null;
  return {
    element,
    focusSegment(id) {
      const target = list.querySelector(`#${CSS.escape(id)}`);
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
