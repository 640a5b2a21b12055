import { api, type SearchPage } from "../lib/api";
import { $, fill, h } from "../lib/dom";
import { formatClock } from "../lib/format";
import { errorText } from "../lib/request";

/** `#/search?q=…`: ranked passages across the caller's meetings; each opens its meeting at its segment. */
export async function showSearch(query: string): Promise<void> {
  const params = new URLSearchParams(query);
  const q = params.get("q") ?? "";
  const root = $("#search-body");
  $<HTMLInputElement>("#search-page-q").value = q;
  if (!q.trim()) {
    fill(root, h("p", { class: "hint" }, "Type words to find in your meetings."));
    return;
  }
  root.setAttribute("aria-busy", "true");
  fill(root, h("p", { class: "hint" }, "Searching…"));
  let page: SearchPage;
  try {
    page = await api.search(params.toString());
  } catch (e) {
    fill(root, h("p", { class: "error-box" }, errorText(e)));
    return;
  } finally {
    root.removeAttribute("aria-busy");
  }
  if (page.hits.length === 0) {
    fill(root, h("p", { class: "empty" }, `No passages match “${page.query}”.`));
    return;
  }
  fill(
    root,
    h("p", { class: "hint" }, `${page.total} passage${page.total === 1 ? "" : "s"} match “${page.query}”.`),
    h(
      "ol",
      { class: "search-hits" },
      page.hits.map((hit) =>
        h(
          "li",
          { class: "search-hit" },
          h(
            "a",
            { class: "search-hit-link", href: `#/jobs/${hit.meetingId}/${hit.segmentId}` },
            [hit.meetingTitle ?? hit.meetingId, hit.meetingDate].filter(Boolean).join(" · "),
          ),
          h(
            "p",
            { class: "hint" },
            `${hit.speaker}${hit.start !== undefined ? ` · ${formatClock(hit.start)}` : ""} · ${hit.segmentId}`,
            hit.topic ? ` · ${hit.topic}` : "",
          ),
          h(
            "p",
            { class: "search-snippet" },
            hit.snippet.map((p) => (p.match ? h("mark", null, p.text) : p.text)),
          ),
        ),
      ),
    ),
  );
}

/** The search forms (history page and results page) go to `#/search?q=`. */
export function setupSearchForms(): void {
  for (const [formId, inputId] of [
    ["#history-search", "#history-search-q"],
    ["#search-page-form", "#search-page-q"],
  ] as const) {
    $(formId).addEventListener("submit", (e) => {
      e.preventDefault();
      const q = $<HTMLInputElement>(inputId).value.trim();
      location.hash = `#/search?${new URLSearchParams({ q }).toString()}`;
    });
  }
}
