import { describe, expect, it } from "vitest";
import { craftedBundle } from "./bundle.test-helper";
import { jsonExport } from "./json";

describe("the JSON export", () => {
  it("holds the job, transcript, computed analyses, outputs and insights in a fixed top-level order", () => {
    const doc = JSON.parse(jsonExport(craftedBundle()));
    expect(Object.keys(doc)).toEqual([
      "kind",
      "version",
      "jobId",
      "status",
      "title",
      "date",
      "job",
      "transcript",
      "computed",
      "outputs",
      "insights",
      "insightsProvisional",
    ]);
    expect(doc.transcript.segments).toHaveLength(4);
    expect(doc.outputs.map((o: { id: string }) => o.id)).toEqual(["say-means", "composite-note"]);
    expect(doc.insights.counts.total).toBe(4);
    expect(doc.insightsProvisional).toBe(false);
    expect(doc.job.stages.A.analyzers["say-means"].costUsd).toBe(0.004);
  });

  it("gives the same text for the same job whatever order the store kept its fields in", () => {
    const a = craftedBundle();
    const b = craftedBundle();
    b.doc = Object.fromEntries(Object.entries(b.doc).reverse()) as typeof b.doc;
    expect(jsonExport(b)).toBe(jsonExport(a));
    const keys = Object.keys(JSON.parse(jsonExport(a)).job);
    expect(keys).toEqual([...keys].sort());
  });

  it("leaves out the owner id", () => {
    const text = jsonExport(craftedBundle());
    expect(text).not.toContain("token:0123456789abcdef");
    expect(JSON.parse(text).job).not.toHaveProperty("owner");
  });
});
