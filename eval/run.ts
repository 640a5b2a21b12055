/**
 * `npm run eval`: every computed analysis on the 35 dev meetings, scored against the human
 * references and the gold items, beside baselines computed in this same run. Writes
 * eval/results/latest.json and eval/results/latest.md. See eval/README.md for what is measured.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { ROUGE_TOKENIZATION } from "../core/computed/rouge";
import { aggregate, type EvalResults, evaluateMeeting, type MeetingResult, NOW } from "./evaluate";
import { WINDOW } from "./item-eval";
import { renderMarkdown } from "./report";
import { HELD_OUT, TUNING } from "./split";
import { round } from "./stats";

const started = performance.now();
const meetings: MeetingResult[] = [];
for (const name of TUNING) meetings.push(await evaluateMeeting(name, "tuning"));
for (const name of HELD_OUT) meetings.push(await evaluateMeeting(name, "heldOut"));
const results: EvalResults = {
  ranAt: new Date().toISOString(),
  method: {
    rougeTokenization: ROUGE_TOKENIZATION,
    summaryBaselines:
      "same word count as ours: lead = the first turns; longestTurns = the longest turns in transcript order; centroid = MEAD centroid (TF-IDF cosine to the meeting centroid, sentences of 5+ words)",
    topicMetric:
      "Pk and WindowDiff over words, k = half the mean reference segment length; turns outside every human span form segments of their own; lower is better",
    itemMatching: `same type and a cited segment within ±${WINDOW} segments of a gold item's cited segment; one-to-one (maximum matching)`,
    decisionQuestions:
      "QMSum queries whose wording asks what was decided/agreed/concluded; a hit when a decision item cites a segment inside an answering span",
    now: NOW.toISOString(),
  },
  split: { tuning: TUNING, heldOut: HELD_OUT },
  means: {
    tuning: aggregate(meetings.filter((m) => m.half === "tuning")),
    heldOut: aggregate(meetings.filter((m) => m.half === "heldOut")),
  },
  meetings,
  elapsedMs: 0,
};
results.elapsedMs = round(performance.now() - started, 0);

const dir = new URL("./results/", import.meta.url);
await mkdir(dir, { recursive: true });
await writeFile(new URL("latest.json", dir), `${JSON.stringify(results, null, 2)}\n`);
const markdown = renderMarkdown(results);
await writeFile(new URL("latest.md", dir), markdown);
console.log(markdown);
console.error(
  `eval: ${meetings.length} meetings in ${results.elapsedMs} ms; written to eval/results/latest.{json,md}`,
);
