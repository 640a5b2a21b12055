import * as v from "valibot";
import { describe, expect, it } from "vitest";
import type { Transcript } from "../transcript/model";
import { FIXTURE_NAMES, loadFixtureTranscript, transcriptFromLines } from "./fixtures.test-helper";
import { heuristicInsights, type Insight, InsightSchema } from "./insights";

const meeting = (lines: string, date?: string): Transcript => ({
  ...transcriptFromLines(lines),
  ...(date ? { date } : {}),
});

const expectVerbatimEvidence = (t: Transcript, items: Insight[]) => {
  for (const item of items) {
    v.parse(InsightSchema, item);
    expect(item.evidence.quotes).toHaveLength(item.evidence.segmentIds.length);
    item.evidence.segmentIds.forEach((id, i) => {
      const segment = t.segments.find((s) => s.id === id);
      expect(segment, id).toBeDefined();
      expect(segment!.text).toContain(item.evidence.quotes[i]);
      expect(item.evidence.speakers).toContain(segment!.speaker);
    });
  }
};

describe("heuristicInsights", () => {
  it("makes a first-person commitment an action owned by the speaker, due on the stated day", () => {
    // 2025-10-01 is a Wednesday; "by Friday" is 2025-10-03.
    const t = meeting("Alice: I'll send the report by Friday .\nBob: Great , thanks .", "2025-10-01");
    const [item, ...rest] = heuristicInsights(t);
    expect(rest).toEqual([]);
    expect(item).toMatchObject({
      type: "action",
      owner: "Alice",
      due: "2025-10-03",
      summary: "I'll send the report by Friday.",
      evidence: { segmentIds: ["seg-1"], quotes: ["I'll send the report by Friday ."], speakers: ["Alice"] },
      source: "heuristic",
    });
    expect(item!.confidence).toBeGreaterThan(0.6);
    expectVerbatimEvidence(t, [item!]);
  });

  it("resolves the due date against options.now when the transcript has no date, and omits it with neither", () => {
    const t = meeting("Alice: I will prepare the slides tomorrow .");
    expect(heuristicInsights(t, { now: new Date("2025-10-01T09:00:00Z") })[0]?.due).toBe("2025-10-02");
    const undated = heuristicInsights(t)[0]!;
    expect(undated.type).toBe("action");
    expect(undated).not.toHaveProperty("due");
  });

  it("prefers the transcript's date over options.now", () => {
    const t = meeting("Alice: I will prepare the slides tomorrow .", "2025-03-10");
    expect(heuristicInsights(t, { now: new Date("2025-10-01") })[0]?.due).toBe("2025-03-11");
  });

  it("gives a task to the person named", () => {
    const t = meeting(
      "Alice: David will look into the battery supplier .\nBob: Can you , Carol , email the client about the price ?",
    );
    const items = heuristicInsights(t);
    expect(items.map((i) => [i.type, i.owner])).toEqual([
      ["action", "David"],
      ["action", "Carol"],
    ]);
    expectVerbatimEvidence(t, items);
  });

  it("gives an assignment to the one who acknowledges it, citing the reply", () => {
    const t = meeting(
      "Alice: Um you will be working on {disfmarker} on the technical design .\nBob: Yeah , sure .",
    );
    const [item] = heuristicInsights(t);
    expect(item).toMatchObject({ type: "action", owner: "Bob" });
    expect(item!.evidence.segmentIds).toEqual(["seg-1", "seg-2"]);
    expectVerbatimEvidence(t, [item!]);
  });

  it("finds decisions", () => {
    const t = meeting(
      "Alice: Okay , so we decided to use the rubber case for the prototype .\nBob: Let's go with the yellow colour scheme then .",
    );
    const items = heuristicInsights(t);
    expect(items.map((i) => i.type)).toEqual(["decision", "decision"]);
    expect(items[0]!.summary).toBe("We decided to use the rubber case for the prototype.");
    expect(items.every((i) => i.owner === undefined && i.due === undefined)).toBe(true);
  });

  it("finds risks", () => {
    const t = meeting(
      "Alice: My main concern is that the chip supplier is late .\nBob: We may run into a problem with the battery life .\nCarol: The shipment is delayed by two weeks .",
    );
    expect(heuristicInsights(t).map((i) => [i.type, i.evidence.segmentIds[0]])).toEqual([
      ["risk", "seg-1"],
      ["risk", "seg-2"],
      ["risk", "seg-3"],
    ]);
  });

  it("does not take denials, hypotheses or open questions for findings", () => {
    const t = meeting(
      [
        "Alice: No problem , that works .",
        "Bob: If we decided to use plastic , it would be cheaper .",
        "Carol: We haven't decided on the colour yet .",
        "Alice: Should we go with the blue one ?",
        "Bob: I'm not worried about the price .",
        "Carol: I'll just draw a dog on the board .",
      ].join("\n"),
    );
    expect(heuristicInsights(t)).toEqual([]);
  });

  it("takes no decision from a recap, an agenda line, reported speech or a maybe", () => {
    const t = meeting(
      [
        "Alice: Last time we decided to use plastic for the case .",
        "Bob: Today we will take decisions on the colour .",
        "Carol: The company decided that teletext is outdated .",
        "Alice: They said we'll go with the blue one .",
        "Bob: Maybe we'll go with the yellow one .",
      ].join("\n"),
    );
    expect(heuristicInsights(t)).toEqual([]);
  });

  it("makes a proposal a decision when it is asked about and agreed to, citing the yes", () => {
    const t = meeting("Alice: So maybe it should be for multiple devices . Do you agree ?\nBob: Mm-hmm .");
    const [item, ...rest] = heuristicInsights(t);
    expect(rest).toEqual([]);
    expect(item).toMatchObject({ type: "decision", evidence: { segmentIds: ["seg-1", "seg-2"] } });
    expect(item!.summary).toMatch(/multiple devices/);
    expectVerbatimEvidence(t, [item!]);
  });

  it("makes a proposal a decision when two others approve it, and not when they only listen", () => {
    const approved = meeting(
      "Alice: I think we should use a rubber case .\nBob: Good idea .\nCarol: Sounds good .",
    );
    expect(heuristicInsights(approved).map((i) => [i.type, i.evidence.segmentIds])).toEqual([
      ["decision", ["seg-1", "seg-2", "seg-3"]],
    ]);
    const heard = meeting("Alice: I think we should use a rubber case .\nBob: Yeah .\nCarol: Mm .");
    expect(heuristicInsights(heard)).toEqual([]);
  });

  it("gives a request to no one when the reply is not a bare yes to it", () => {
    const butReply = meeting(
      "Alice: Can you check the battery supplier ?\nBob: Okay , but the price is high .",
    );
    expect(heuristicInsights(butReply)[0]).toMatchObject({ type: "action" });
    expect(heuristicInsights(butReply)[0]).not.toHaveProperty("owner");
    const laterSentence = meeting("Alice: Can you check the battery supplier ? Then we see .\nBob: Okay .");
    expect(heuristicInsights(laterSentence)[0]).not.toHaveProperty("owner");
  });

  it("knows a role by its initials", () => {
    const t = meeting(
      "Industrial Designer: Fine .\nProject Manager: So the I_D_ will look into the battery supplier .",
    );
    expect(heuristicInsights(t).map((i) => [i.type, i.owner])).toEqual([["action", "Industrial Designer"]]);
  });

  it("takes no risk from a presentation's findings, but an explicit concern anywhere", () => {
    const findings = `${"The users in our survey said a lot of things about their remotes . ".repeat(10)}A screen would be too expensive for most of them .`;
    expect(heuristicInsights(meeting(`Alice: ${findings}`))).toEqual([]);
    expect(
      heuristicInsights(meeting("Bob: A touchscreen would be too expensive .")).map((i) => i.type),
    ).toEqual(["risk"]);
  });

  it("merges near-identical items and keeps evidence from both", () => {
    const t = meeting(
      "Alice: I'll send the budget report to the client .\nBob: Okay .\nAlice: Right , I will send the budget report to the client .",
    );
    const items = heuristicInsights(t);
    expect(items).toHaveLength(1);
    expect(items[0]!.evidence.segmentIds).toEqual(["seg-1", "seg-3"]);
    expectVerbatimEvidence(t, items);
  });

  it.each(FIXTURE_NAMES)("keeps %s's list short, with valid items and verbatim quotes", (name) => {
    const t = loadFixtureTranscript(name);
    const items = heuristicInsights(t, { now: new Date("2025-10-01") });
    expect(items.length).toBeGreaterThan(0);
    expect(items.length).toBeLessThanOrEqual(10);
    expectVerbatimEvidence(t, items);
  });

  it("finds the kick-off meeting's assignments, owned by role", () => {
    const items = heuristicInsights(loadFixtureTranscript("ES2002a"));
    const owners = items.filter((i) => i.type === "action").map((i) => i.owner);
    expect(owners).toEqual(expect.arrayContaining(["Industrial Designer", "Marketing"]));
  });
});
