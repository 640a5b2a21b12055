import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { computeAll } from "../computed/compute-all";
import { segmentIndex } from "../insights/verify";
import { parseTranscript } from "../transcript";
import type { Transcript } from "../transcript/model";
import { computedSynthesis } from "./computed";
import { synthesisMarkdown } from "./markdown";
import { verifyThemes } from "./verify";

const dev = async (name: string) => {
  const transcript = await parseTranscript(
    new Uint8Array(readFileSync(new URL(`../../test/fixtures/dev/${name}.txt`, import.meta.url))),
    { format: "text" },
  );
  return { meetingId: name, title: name, transcript, computed: computeAll(transcript) };
};

describe("synthesis without a model", () => {
  it("lists keywords two or more meetings share, with counts per meeting and an example from each", async () => {
    const meetings = [await dev("ES2008a"), await dev("ES2008b"), await dev("Bed005")];
    const result = computedSynthesis(meetings);
    expect(result.mode).toBe("computed");
    expect(result.sharedTerms.length).toBeGreaterThan(3);
    for (const t of result.sharedTerms) {
      expect(Object.keys(t.counts).length).toBeGreaterThanOrEqual(2);
      for (const e of t.examples) {
        const segment = meetings
          .find((m) => m.meetingId === e.meetingId)!
          .transcript.segments.find((s) => s.id === e.segmentId)!;
        expect(segment.text.toLowerCase()).toContain(t.term.split(" ")[0]!.slice(0, 4));
      }
    }
    // The two design meetings share the product's words; the research meeting does not talk about remotes.
    const remote = result.sharedTerms.find((t) => t.term.startsWith("remote"));
    expect(remote && Object.keys(remote.counts).sort()).toEqual(["ES2008a", "ES2008b"]);
    const markdown = synthesisMarkdown(result);
    expect(markdown).toContain("| term | ES2008a | ES2008b | Bed005 |");
  });
});

describe("synthesis themes from a model", () => {
  const t: Transcript = {
    format: "text",
    speakers: ["Ann"],
    segments: [{ id: "seg-1", index: 0, speaker: "Ann", text: "Price is the main objection we hear." }],
  };
  it("checks each citation in the meeting it names, dropping unknown ones and flagging missing quotes", () => {
    const sources = new Map([["M1", { meetingId: "job-1", segments: segmentIndex(t) }]]);
    const [theme] = verifyThemes(
      [
        {
          title: " Price ",
          summary: "Price comes up.",
          agreement: "",
          differences: "",
          evidence: [
            { meeting: "M1", segmentIds: ["seg-1", "seg-9"], quotes: ["main objection", "too cheap"] },
            { meeting: "M7", segmentIds: ["seg-1"], quotes: [] },
          ],
        },
      ],
      sources,
    );
    expect(theme!.title).toBe("Price");
    expect(theme!.support).toEqual([
      {
        meetingId: "job-1",
        segmentIds: ["seg-1"],
        quotes: ["main objection"],
        verified: false,
        flags: ["unknown segment seg-9", 'quote not found in the cited segments: "too cheap"'],
      },
    ]);
  });
});
