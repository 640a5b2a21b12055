/**
 * `npx tsx eval/tune-topics.ts`: the grid over which the topic segmentation's options were chosen,
 * scored on the TUNING half only: mean Pk of the AMI and of the ICSI meetings, ranked by the smaller of
 * the two margins below no boundaries. The held-out half is never read here.
 */
import { prepareTranscript } from "../core/computed/prepare-transcript";
import { type TilingOptions, topicBoundaries } from "../core/computed/topics";
import { parseTranscript } from "../core/transcript";
import { readDevMeeting } from "./corpus";
import { corpusOf, TUNING } from "./split";
import { mean, round } from "./stats";
import { agreementOf } from "./topic-eval";

const meetings = await Promise.all(
  TUNING.map(async (name) => {
    const m = readDevMeeting(name);
    const prepared = prepareTranscript(await parseTranscript(m.text, { format: "text" }));
    return { name, corpus: corpusOf(name), prepared, reference: m.reference };
  }),
);

const grid: TilingOptions[] = [];
for (const pseudoSentence of [10, 20])
  for (const block of [6, 10, 15])
    for (const termsPerTopic of [0, 500, 700, 900, 1200])
      for (const minTopicTerms of [150, 300])
        for (const smoothing of [1, 2, 4])
          for (const strongDepth of [0.4, 0.6, 0.8, 9])
            for (const [cueBonus, cueWindow] of [
              [0, 0],
              [0.1, 100],
              [0.3, 200],
            ] as const)
              grid.push({
                pseudoSentence,
                block,
                termsPerTopic,
                minTopicTerms,
                smoothing,
                cueBonus,
                cueWindow,
                strongDepth,
              });

const none = (corpus: string) =>
  mean(meetings.filter((m) => m.corpus === corpus).map((m) => agreementOf(m.prepared, m.reference, []).pk));
console.log(`no boundaries: AMI ${round(none("AMI"))} ICSI ${round(none("ICSI"))}`);
const rows = grid.map((options) => {
  const pks = meetings.map((m) => ({
    corpus: m.corpus,
    pk: agreementOf(m.prepared, m.reference, topicBoundaries(m.prepared, options)).pk,
  }));
  const of = (corpus: string) => mean(pks.filter((p) => p.corpus === corpus).map((p) => p.pk));
  // The goal is a margin below no boundaries in both corpora, so the smaller margin decides.
  const margin = Math.max(of("AMI") - none("AMI"), of("ICSI") - none("ICSI"));
  return { options, AMI: round(of("AMI")), ICSI: round(of("ICSI")), worstMarginToNone: round(margin) };
});
rows.sort((a, b) => a.worstMarginToNone - b.worstMarginToNone || a.AMI + a.ICSI - (b.AMI + b.ICSI));
for (const r of rows.slice(0, 25)) console.log(JSON.stringify(r));
