/** The dev meetings as the harness reads them: transcript text, the human reference, our gold items. */
import { existsSync, readFileSync } from "node:fs";
import * as v from "valibot";

const DEV_DIR = new URL("../test/fixtures/dev/", import.meta.url);
const GOLD_DIR = new URL("./gold/", import.meta.url);

const Span = v.tuple([v.number(), v.number()]);

const ReferenceSchema = v.object({
  turns: v.number(),
  turns_by_speaker: v.record(v.string(), v.number()),
  words: v.number(),
  general_summary: v.string(),
  topics: v.array(v.object({ topic: v.string(), spans: v.array(Span) })),
  queries: v.array(v.object({ query: v.string(), answer: v.string(), spans: v.array(Span) })),
});
export type Reference = v.InferOutput<typeof ReferenceSchema>;

const GoldItemSchema = v.object({
  type: v.picklist(["action", "decision", "risk"]),
  summary: v.string(),
  /** Speaker labels; two when a task is shared. */
  owner: v.optional(v.union([v.string(), v.array(v.string())])),
  /** As said ("by the next meeting"); the meetings carry no calendar date to resolve it against. */
  due: v.optional(v.string()),
  /** The segments a reader would cite, `seg-N` = line N of NAME.txt. */
  evidence: v.pipe(v.array(v.pipe(v.string(), v.regex(/^seg-[1-9]\d*$/))), v.minLength(1)),
});
export type GoldItem = v.InferOutput<typeof GoldItemSchema>;

const GoldSchema = v.object({
  meeting: v.string(),
  labelledBy: v.string(),
  items: v.array(GoldItemSchema),
});
export type Gold = v.InferOutput<typeof GoldSchema>;

export interface DevMeeting {
  name: string;
  text: string;
  reference: Reference;
  gold: Gold | undefined;
}

export function readDevMeeting(name: string): DevMeeting {
  const text = readFileSync(new URL(`${name}.txt`, DEV_DIR), "utf8");
  const reference = v.parse(
    ReferenceSchema,
    JSON.parse(readFileSync(new URL(`${name}.reference.json`, DEV_DIR), "utf8")),
  );
  const goldFile = new URL(`${name}.json`, GOLD_DIR);
  const gold = existsSync(goldFile)
    ? v.parse(GoldSchema, JSON.parse(readFileSync(goldFile, "utf8")))
    : undefined;
  if (gold && gold.meeting !== name) throw new Error(`gold/${name}.json says it is ${gold.meeting}`);
  return { name, text, reference, gold };
}
