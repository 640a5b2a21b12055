import { describe, expect, it } from "vitest";
import type { Transcript } from "../transcript/model";
import { mergeInsights } from "./merge";
import { foldForQuote, verifyInsight } from "./verify";

const transcript: Transcript = {
  format: "text",
  speakers: ["Alice", "Bob"],
  segments: [
    { id: "seg-1", index: 0, speaker: "Alice", start: 0, text: "I 'll send the budget report by Friday ." },
    {
      id: "seg-2",
      index: 1,
      speaker: "Bob",
      start: 65,
      text: "OK {vocalsound} . We decided to go with the rubber case.",
    },
    {
      id: "seg-3",
      index: 2,
      speaker: "Alice",
      start: 3725,
      text: "My worry is that the supplier might not deliver in time.",
    },
  ],
};

describe("evidence check", () => {
  it("keeps an item whose segments exist and whose quotes occur in them, folding case, spacing and markers", () => {
    const item = verifyInsight(
      {
        type: "action",
        summary: "Alice sends the budget report",
        owner: "Alice",
        due: "2025-10-03",
        evidence: { segmentIds: ["seg-1"], quotes: ["I'll send the Budget report"] },
        confidence: 0.9,
      },
      transcript,
    );
    expect(item.verified).toBe(true);
    expect(item.flags).toEqual([]);
    expect(item.evidence).toEqual({
      segmentIds: ["seg-1"],
      quotes: ["I'll send the Budget report"],
      speakers: ["Alice"],
      timestamps: ["00:00:00"],
    });
    expect(item.due).toBe("2025-10-03");
  });

  it("drops an unknown segment and a quote that is not in the cited segment, and flags the item", () => {
    const item = verifyInsight(
      {
        type: "decision",
        summary: "Rubber case",
        evidence: { segmentIds: ["seg-2", "seg-999"], quotes: ["go with the rubber case", "budget report"] },
      },
      transcript,
    );
    expect(item.verified).toBe(false);
    expect(item.evidence.segmentIds).toEqual(["seg-2"]);
    expect(item.evidence.quotes).toEqual(["go with the rubber case"]);
    expect(item.flags.join("\n")).toMatch(/unknown segment seg-999/);
    expect(item.flags.join("\n")).toMatch(/quote not found.*budget report/);
    expect(item.evidence.timestamps).toEqual(["00:01:05"]);
  });

  it("flags an item with no valid segment at all and an impossible due date", () => {
    const item = verifyInsight(
      { type: "risk", summary: "x", due: "2025-02-30", evidence: { segmentIds: ["seg-0"], quotes: [] } },
      transcript,
    );
    expect(item.verified).toBe(false);
    expect(item.evidence.segmentIds).toEqual([]);
    expect(item.due).toBeUndefined();
    expect(item.flags).toContain("no supporting segment");
  });

  it("does not accept a quote of one or two characters as evidence", () => {
    const item = verifyInsight(
      { type: "risk", summary: "x", evidence: { segmentIds: ["seg-3"], quotes: ["My"] } },
      transcript,
    );
    expect(item.evidence.quotes).toEqual([]);
    expect(item.verified).toBe(false);
  });

  it("folds only what may differ: letters must match in order", () => {
    expect(foldForQuote("I 'm {disfmarker} here .")).toBe("imhere");
    expect(foldForQuote("Café")).toBe(foldForQuote("cafe\u0301"));
  });
});

describe("merging model and heuristic insights", () => {
  it("unites an item both sources found, keeps the model's wording and marks it as from both", () => {
    const report = mergeInsights(transcript, {
      llm: [
        {
          type: "action",
          summary: "Alice will send the budget report by Friday",
          owner: "Alice",
          evidence: { segmentIds: ["seg-1"], quotes: ["send the budget report"] },
          confidence: 0.8,
        },
      ],
      heuristic: [
        {
          type: "action",
          summary: "I'll send the budget report by Friday",
          owner: "Alice",
          due: "2025-10-03",
          evidence: { segmentIds: ["seg-1"], quotes: ["I 'll send the budget report by Friday"] },
          confidence: 0.6,
        },
        {
          type: "risk",
          summary: "the supplier might not deliver in time",
          evidence: { segmentIds: ["seg-3"], quotes: ["might not deliver in time"] },
        },
      ],
    });
    expect(report.counts).toEqual({ total: 2, actions: 1, decisions: 0, risks: 1, questions: 0 });
    const [action, risk] = report.items;
    expect(action).toMatchObject({
      id: "ins-1",
      summary: "Alice will send the budget report by Friday",
      source: "both",
      due: "2025-10-03",
      confidence: 0.8,
      verified: true,
    });
    expect(action!.evidence.quotes).toHaveLength(2);
    expect(risk).toMatchObject({ id: "ins-2", source: "heuristic", type: "risk" });
  });

  it("keeps items of different types apart even on the same segment", () => {
    const report = mergeInsights(transcript, {
      llm: [{ type: "decision", summary: "Go with the rubber case", evidence: { segmentIds: ["seg-2"] } }],
      heuristic: [{ type: "risk", summary: "Go with the rubber case", evidence: { segmentIds: ["seg-2"] } }],
    });
    expect(report.items.map((i) => i.type)).toEqual(["decision", "risk"]);
  });
});
