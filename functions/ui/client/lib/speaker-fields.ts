import { h } from "./dom";

/** A name field per detected speaker (`prefix-0`, `prefix-1`, …), filled with its detected name. */
export function speakerFields(speakers: readonly string[], prefix: string): HTMLElement[] {
  return speakers.map((s, i) =>
    h(
      "div",
      { class: "field speaker-field" },
      h("label", { for: `${prefix}-${i}` }, s),
      h("input", {
        id: `${prefix}-${i}`,
        value: s,
        "data-speaker": s,
        autocomplete: "off",
        maxlength: "100",
      }),
    ),
  );
}

/** The names changed in the speaker fields under `root` (detected → given), or undefined when none. */
export function changedSpeakerNames(root: ParentNode): Record<string, string> | undefined {
  const renames: Record<string, string> = {};
  for (const input of root.querySelectorAll<HTMLInputElement>("input[data-speaker]")) {
    const from = input.dataset.speaker!;
    if (input.value.trim() !== from) renames[from] = input.value.trim();
  }
  return Object.keys(renames).length > 0 ? renames : undefined;
}
