import { citableSegmentIds, findSegments } from "./prompt-reading";
import { valueFromSchema } from "./schema-value";
import type { RecordedRequest, Reply, Responder } from "./types";

type ReplyOrResponder = Reply | Responder;

function asResponder(r: ReplyOrResponder): Responder {
  return typeof r === "function" ? r : () => r;
}

/**
 * Deterministic answers: for a JSON-schema request a value generated from the schema (grounded in
 * the transcript for the insights schema); otherwise short Markdown that names the model and
 * cites the first and last segment ids of the prompt.
 */
export const defaultResponder: Responder = (req) => {
  if (req.jsonSchema) {
    return { text: JSON.stringify(valueFromSchema(req.jsonSchema, findSegments(req.messages))) };
  }
  const ids = citableSegmentIds(req.messages);
  const first = ids[0];
  const last = ids.at(-1);
  const lines = [
    `## ${req.analyzer ?? "Analysis"}`,
    "",
    `Answer from the LLM test double, model ${req.model}.`,
    "",
  ];
  if (first && last) {
    lines.push(`- The discussion opens with [${first}].`, `- It closes with [${last}].`);
  } else {
    lines.push("- Not supported by the transcript.");
  }
  return { text: lines.join("\n") };
};

/** The first `n` calls get `reply`, later ones `then` (the default responder when omitted). */
export function failTimes(
  n: number,
  reply: ReplyOrResponder,
  then: ReplyOrResponder = defaultResponder,
): Responder {
  let calls = 0;
  const first = asResponder(reply);
  const rest = asResponder(then);
  return (req, index) => (calls++ < n ? first(req, index) : rest(req, index));
}

/** The i-th call gets the i-th entry; after the last entry, the last one repeats. */
export function sequence(entries: readonly ReplyOrResponder[]): Responder {
  if (entries.length === 0) throw new Error("sequence needs at least one reply");
  let calls = 0;
  const responders = entries.map(asResponder);
  return (req, index) => responders[Math.min(calls++, responders.length - 1)]!(req, index);
}

/**
 * Answers by the analyzer marker (`analyzerMarker(id)`) in the last message; requests without a
 * marker, or with one not in the map, go to `fallback`.
 */
export function byAnalyzer(
  map: Record<string, ReplyOrResponder>,
  fallback: ReplyOrResponder = defaultResponder,
): Responder {
  const table = new Map(Object.entries(map).map(([id, r]) => [id, asResponder(r)]));
  const other = asResponder(fallback);
  return (req: RecordedRequest, index) => (table.get(req.analyzer ?? "") ?? other)(req, index);
}

/**
 * The default answers, with Markdown answers padded to about `tokens` tokens of plain prose, so
 * that later stages read contexts as long as real analyses would make them.
 */
export function paddedAnswers(tokens: number): Responder {
  const sentence = "The discussion returns to the budget, the schedule and who follows up on each point. ";
  // About 18 tokens a sentence.
  const padding = sentence.repeat(Math.max(0, Math.round(tokens / 18)));
  return async (req, index) => {
    const reply = await defaultResponder(req, index);
    if (req.jsonSchema || !("text" in reply)) return reply;
    return { ...reply, text: `${reply.text}\n\n${padding.trim()}` };
  };
}
