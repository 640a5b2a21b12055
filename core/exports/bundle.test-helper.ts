import { computeAll } from "../computed";
import type { InsightsReport } from "../insights/schema";
import { assembleDocument } from "../jobs/document";
import type { AnalyzerState, JobRecord } from "../jobs/job";
import type { JobView } from "../jobs/job-view";
import type { Transcript } from "../transcript/model";

export const JOB_ID = "20251001-120000-abcdef0123456789abcdef01";
/** A title that breaks naive YAML: a colon, quotes, a hash, a newline and a fake front-matter end. */
export const HOSTILE_TITLE = 'Launch: "Q3" plan #1\n---\nevil: true';
export const ODD_SPEAKER = "Eve [[x]]|#y";

const transcript: Transcript = {
  format: "vtt",
  title: HOSTILE_TITLE,
  date: "2025-10-01",
  durationSeconds: 95,
  speakers: ["Alice", "Bob O'Neil", ODD_SPEAKER],
  segments: [
    {
      id: "seg-1",
      index: 0,
      speaker: "Alice",
      start: 0,
      end: 20,
      text: "I'll send the budget report by Friday.",
    },
    {
      id: "seg-2",
      index: 1,
      speaker: "Bob O'Neil",
      start: 20,
      end: 50,
      text: "We decided to ship the launch on Monday.",
    },
    {
      id: "seg-3",
      index: 2,
      speaker: ODD_SPEAKER,
      start: 50,
      end: 80,
      text: "The risk is that the vendor misses the deadline. What about the budget?",
    },
    {
      id: "seg-4",
      index: 3,
      speaker: "Alice",
      start: 80,
      end: 95,
      text: "Let's review the launch budget again.",
    },
  ],
};

const ev = (segmentIds: string[], quotes: string[], speakers: string[], timestamps: string[]) => ({
  segmentIds,
  quotes,
  speakers,
  timestamps,
});

export const INSIGHTS: InsightsReport = {
  counts: { total: 4, actions: 1, decisions: 1, risks: 1, questions: 1 },
  items: [
    {
      id: "ins-1",
      type: "action",
      summary: "Send the budget report",
      owner: "Alice",
      due: "2025-10-03",
      evidence: ev(["seg-1"], ["send the budget report by Friday"], ["Alice"], ["00:00:00"]),
      confidence: 0.9,
      source: "both",
      verified: true,
      flags: [],
    },
    {
      id: "ins-2",
      type: "decision",
      summary: "Ship the launch on Monday",
      evidence: ev(["seg-2"], ["ship the launch on Monday"], ["Bob O'Neil"], ["00:00:20"]),
      confidence: 0.8,
      source: "llm",
      verified: true,
      flags: [],
    },
    {
      id: "ins-3",
      type: "risk",
      summary: '=HYPERLINK("http://evil.example","vendor may miss the deadline")',
      owner: ODD_SPEAKER,
      evidence: ev(["seg-3"], ["the vendor misses the deadline"], [ODD_SPEAKER], ["00:00:50"]),
      confidence: 0.7,
      source: "llm",
      verified: false,
      flags: ["quote not found in seg-3"],
    },
    {
      id: "ins-4",
      type: "question",
      summary: "What about the budget?",
      evidence: ev(["seg-3"], ["What about the budget?"], [ODD_SPEAKER], ["00:00:50"]),
      confidence: 0.6,
      source: "heuristic",
      verified: true,
      flags: [],
    },
  ],
};

export const COMPOSITE_NOTE_TEXT = [
  "---",
  "title: Launch review",
  "tags: [meeting, q3-launch]",
  "aliases: [Launch sync]",
  "---",
  "# Launch review",
  "",
  "> [!summary]",
  "> The team agreed to ship.",
  "",
  "## Participants",
  "- [[Alice]] owns the report [seg-1].",
].join("\n");

const usage = { inputTokens: 1200, cachedInputTokens: 1000, outputTokens: 300, reasoningTokens: 50 };

/** A finished job with two analyzer outputs, insights and hostile text where exports must escape. */
export function craftedBundle(overrides: Partial<JobRecord> = {}): JobView {
  const record: JobRecord = {
    jobId: JOB_ID,
    status: "completed",
    createdAt: "2025-10-01T12:00:00.000Z",
    updatedAt: "2025-10-01T12:03:00.000Z",
    finishedAt: "2025-10-01T12:03:00.000Z",
    owner: "token:0123456789abcdef",
    source: {
      fileName: "launch.vtt",
      format: "vtt",
      title: HOSTILE_TITLE,
      segments: 4,
      speakers: transcript.speakers,
      words: 40,
    },
    llm: { enabled: true },
    plan: { A: ["say-means"], B: [], final: ["composite-note"], insights: true },
    stage: "finalize",
    notes: ["Stage final read shortened outputs of say-means to fit 900 tokens (fair share per analyzer)."],
    errors: [],
    totals: { usage, costUsd: 0.0123, unpricedCalls: 0, calls: 3 },
    ...overrides,
  };
  const state = (stage: "A" | "final", id: string, name: string): AnalyzerState => ({
    id,
    name,
    stage,
    status: "completed",
    model: "gpt-5-mini",
    durationMs: 1500,
    usage,
    costUsd: 0.004,
    calls: 1,
  });
  const doc = assembleDocument(record, {
    "A.say-means": state("A", "say-means", "Say-Means"),
    "final.composite-note": state("final", "composite-note", "Composite Note (Obsidian)"),
    insights: { ...state("final", "insights", "Insights"), stage: "insights" },
  });
  const analyzers = [
    {
      stage: "A" as const,
      id: "say-means",
      name: "Say-Means",
      state: doc.stages.A.analyzers["say-means"]!,
      text: "# Say-Means\n\n## What was meant\n\nAlice commits to the report [seg-1].\n\n```md\n# not a heading\n```",
    },
    {
      stage: "final" as const,
      id: "composite-note",
      name: "Composite Note (Obsidian)",
      state: doc.stages.final.analyzers["composite-note"]!,
      text: COMPOSITE_NOTE_TEXT,
    },
  ];
  return {
    doc,
    language: "en",
    transcript,
    computed: computeAll(transcript, { now: new Date("2025-10-01T12:00:00Z") }),
    analyzers,
    outputs: analyzers,
    insights: { report: INSIGHTS, provisional: false },
  };
}
