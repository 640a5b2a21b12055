/**
 * `npx tsx eval/tune-summary.ts`: the summary's word budget, chosen on the TUNING half only: mean
 * ROUGE-1/ROUGE-2 F1 against the human summaries, and on how many meetings ROUGE-1 beats the
 * longest turns at the same length. The held-out half is never read here.
 */
import { longestTurnsSummary } from "../core/computed/baselines";
import { prepareTranscript } from "../core/computed/prepare-transcript";
import { rouge1, rouge2 } from "../core/computed/rouge";
import { extractiveSummary } from "../core/computed/summary";
import { words } from "../core/computed/tokenize";
import { parseTranscript } from "../core/transcript";
import { readDevMeeting } from "./corpus";
import { TUNING } from "./split";
import { mean, round } from "./stats";

const meetings = await Promise.all(
  TUNING.map(async (name) => {
    const m = readDevMeeting(name);
    const t = await parseTranscript(m.text, { format: "text" });
    return { t, prepared: prepareTranscript(t), reference: m.reference.general_summary };
  }),
);
const rows = [];
for (const maxWords of [120, 150, 200])
  for (const centroidTerms of [30, 50, 100])
    for (const lambda of [0.7, 0.85])
      for (const agenda of [1.2, 1.5])
        for (const closing of [1, 1.2])
          for (const lengthPower of [0.3, 0.5, 0.7]) {
            const weights = { centroidTerms, lambda, agenda, closing, lengthPower };
            const scores = meetings.map(({ t, prepared, reference }) => {
              const text = extractiveSummary(t, { maxWords, weights }, prepared)
                .map((i) => i.text)
                .join(" ");
              const longest = longestTurnsSummary(prepared, words(text).length);
              return {
                r1: rouge1(text, reference).f1,
                r2: rouge2(text, reference).f1,
                longest: rouge1(longest, reference).f1,
              };
            });
            rows.push({
              maxWords,
              weights,
              r1: round(mean(scores.map((s) => s.r1))),
              r2: round(mean(scores.map((s) => s.r2))),
              aboveLongestTurns: scores.filter((s) => s.r1 > s.longest).length,
            });
          }
rows.sort((a, b) => b.r1 - a.r1);
for (const r of rows.slice(0, 15)) console.log(JSON.stringify(r));
