import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { craftedBundle, HOSTILE_TITLE } from "./bundle.test-helper";
import { obsidianExport, wikiLink } from "./obsidian";

function split(note: string) {
  const m = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(note);
  if (!m) throw new Error(`no front matter in:\n${note.slice(0, 300)}`);
  return { front: parse(m[1]!) as Record<string, unknown>, body: m[2]! };
}

describe("the Obsidian export", () => {
  it("opens with front matter that parses as YAML and keeps a hostile title as one string", () => {
    const { front } = split(obsidianExport(craftedBundle()));
    expect(front).toEqual({
      title: HOSTILE_TITLE.replace(/\s+/g, " "),
      date: "2025-10-01",
      tags: ["meeting", "transcript", "budget", "launch", "q3-launch"],
      aliases: ["Launch sync"],
      speakers: ["Alice", "Bob O'Neil", "Eve [[x]]|#y"],
      jobId: "20251001-120000-abcdef0123456789abcdef01",
      status: "completed",
      source: "launch.vtt",
    });
  });

  it("makes tags Obsidian accepts from keywords: no spaces, not digits only", () => {
    const b = craftedBundle();
    b.computed.keywords = [
      { term: "launch budget", score: 1 },
      { term: "2025", score: 0.9 },
      { term: "café / menu", score: 0.8 },
    ];
    const tags = split(obsidianExport(b)).front.tags as string[];
    expect(tags).toContain("launch-budget");
    expect(tags).toContain("café/menu");
    expect(tags).not.toContain("2025");
    for (const t of tags) expect(t).toMatch(/^[\p{L}\p{N}_/-]*[\p{L}_/-][\p{L}\p{N}_/-]*$/u);
  });

  it("links speakers and topic keywords, with characters that would break a link removed", () => {
    const { body } = split(obsidianExport(craftedBundle()));
    expect(body).toContain("- [[Alice]]: 2 turns, 13 words (38%), 0 questions");
    expect(body).toContain("- [[Eve x y]]: 1 turn, 13 words (38%), 1 question");
    expect(body).toContain("(seg-1–seg-4): [[budget]], [[launch]]");
    expect(body).not.toContain("[[Eve [[x]]");
    expect(wikiLink('a/b:c*d"e<f>g?h')).toBe("[[a b c d e f g h]]");
  });

  it("puts decisions and risks in callouts and actions as tasks with owner and 📅 due date last", () => {
    const { body } = split(obsidianExport(craftedBundle()));
    expect(body).toContain("> [!success] Decisions\n> - Ship the launch on Monday (seg-2)");
    expect(body).toMatch(
      /> \[!warning\] Risks\n> - .*vendor may miss the deadline.* — \[\[Eve x y\]\] \(seg-3\) ⚠ unverified/,
    );
    expect(body).toContain("> [!question] Open questions\n> - What about the budget? (seg-3)");
    expect(body).toContain("- [ ] Send the budget report — [[Alice]] (seg-1) 📅 2025-10-03");
  });

  it("ends with the composite-note analyzer's note, without its own front matter", () => {
    const { body } = split(obsidianExport(craftedBundle()));
    expect(body).toMatch(
      /## Composite note\n\n### Launch review\n\n> \[!summary\]\n> The team agreed to ship\./,
    );
    expect(body).not.toContain("tags: [meeting");
  });

  it("has no composite-note section when the job did not run that analyzer, and warns while it runs", () => {
    const b = craftedBundle({ status: "running", stage: "A" });
    b.outputs = b.outputs.filter((o) => o.id !== "composite-note");
    const note = obsidianExport(b);
    expect(note).not.toContain("## Composite note");
    expect(split(note).front.aliases).toEqual([]);
    expect(note).toContain("> [!warning] Still running\n> This job is still running (now at stage A)");
  });

  it("keeps a composite note whose front matter is not valid YAML, without that front matter", () => {
    const b = craftedBundle();
    b.outputs[1]!.text = "---\ntags: [unclosed\n---\n# Review\n\nBody [[Alice]].";
    const { front, body } = split(obsidianExport(b));
    expect(front.aliases).toEqual([]);
    expect(body).toContain("## Composite note\n\n### Review\n\nBody [[Alice]].");
    expect(body).not.toContain("unclosed");
  });
});
