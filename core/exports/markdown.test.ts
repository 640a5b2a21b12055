import { describe, expect, it } from "vitest";
import { provisionalInsights } from "../jobs/job-view";
import { craftedBundle } from "./bundle.test-helper";
import { markdownExport } from "./markdown";

const sections = (md: string) => md.split("\n").filter((l) => l.startsWith("## "));

describe("the Markdown export", () => {
  it("reads as one report: title and date, speakers, topics, summary, insights, analyses, usage, notes", () => {
    const md = markdownExport(craftedBundle());
    expect(md.split("\n")[0]).toBe('# Launch: "Q3" plan #1 --- evil: true');
    expect(sections(md)).toEqual([
      "## Speakers",
      "## Topics",
      "## Summary",
      "## Insights",
      "## Analyses",
      "## Usage and cost",
      "## Notes",
    ]);
    expect(md).toContain(
      "Date: 2025-10-01 · Job: 20251001-120000-abcdef0123456789abcdef01 · Status: completed",
    );
    expect(md).toContain("| Alice | 2 | 13 | 38% | 35s | 0 |");
    expect(md).toContain("1. **Budget, launch** (seg-1–seg-4): budget, launch");
    expect(md).toContain("- We decided to ship the launch on Monday. (Bob O'Neil, seg-2)");
    expect(md).toContain(
      "Total: 3 calls, 1200 input tokens (1000 cached), 300 output tokens (50 reasoning), $0.0123.",
    );
    expect(md).toContain("- Stage final read shortened outputs of say-means");
  });

  it("lists insights by type with owner, due date, evidence ids, and marks unverified ones", () => {
    const md = markdownExport(craftedBundle());
    expect(md).toContain("### Action items");
    expect(md).toContain(
      "- [ ] Send the budget report (owner: Alice, due: 2025-10-03, confidence 0.90) [seg-1]",
    );
    expect(md).toContain("### Decisions\n\n- Ship the launch on Monday (confidence 0.80) [seg-2]");
    expect(md).toMatch(/### Risks\n\n- .*vendor may miss the deadline.*\[seg-3\] — unverified/);
    expect(md).toContain("### Open questions");
  });

  it("puts each analyzer's output under its name, with its own headings one level below and code left alone", () => {
    const md = markdownExport(craftedBundle());
    expect(md).toContain(
      "### Stage A: Say-Means\n\n#### Say-Means\n\n##### What was meant\n\nAlice commits to the report [seg-1].\n\n```md\n# not a heading\n```",
    );
    // The composite note's YAML front matter is not shown as text in the report.
    expect(md).toContain("### Final: Composite Note (Obsidian)\n\n#### Launch review");
    expect(md).not.toContain("tags: [meeting, q3-launch]");
  });

  it("keeps a speaker name with a pipe inside its table cell", () => {
    const md = markdownExport(craftedBundle());
    expect(md).toContain("| Eve [[x]]\\|#y | 1 | 13 |");
  });

  it("says when the job is still running and that its insights are provisional keyword-rule items", () => {
    const b = craftedBundle({ status: "running", stage: "B", finishedAt: undefined, totals: undefined });
    b.outputs = b.outputs.slice(0, 1);
    b.insights = provisionalInsights(b.transcript, b.computed);
    const md = markdownExport(b);
    expect(md).toMatch(
      /> \*\*Note:\*\* This job is still running \(now at stage B\): this export shows only what has finished so far/,
    );
    expect(md).toContain("_Provisional: the insights step has not run yet");
    expect(md).toContain("- [ ] I'll send the budget report by Friday. (owner: Alice");
    expect(md).not.toContain("### Final: Composite Note");
    expect(md).not.toContain("Total:");
  });

  it("says why there is no analyzer output when no model was configured", () => {
    const b = craftedBundle({
      llm: { enabled: false, reason: "No OpenAI API key or base URL is configured." },
    });
    b.outputs = [];
    expect(markdownExport(b)).toContain(
      "## Analyses\n\nNo analyzer output. No OpenAI API key or base URL is configured.",
    );
  });
});
