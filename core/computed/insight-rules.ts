import * as v from "valibot";

/**
 * The phrase rules of the heuristic insights, most specific first: the first rule that fits a
 * sentence makes its item. Patterns run on cleaned text ("I'll", not "I 'll"), case-insensitive.
 */

export const INSIGHT_TYPES = ["action", "decision", "risk"] as const;
export const InsightTypeSchema = v.picklist(INSIGHT_TYPES);
export type InsightType = v.InferOutput<typeof InsightTypeSchema>;

/** Who does it: the speaker ("I'll send"), a named person ("David will"), or the one addressed ("can you"). */
export type OwnerRule = "speaker" | "named" | "addressee" | "none";

export interface Rule {
  type: InsightType;
  pattern: RegExp;
  confidence: number;
  owner: OwnerRule;
}

/** Verbs of work someone can go away and do; "I'll just draw a dog" is not an action item. */
const TASK = [
  "send",
  "e-?mail",
  "mail",
  "forward",
  "share",
  "circulate",
  "prepare",
  "write(?: up)?",
  "draft",
  "finish",
  "complete",
  "check(?: on| with)?",
  "look (?:into|at|up)",
  "follow up",
  "find out",
  "figure out",
  "set up",
  "schedule",
  "organi[sz]e",
  "arrange",
  "book",
  "contact",
  "call",
  "ask",
  "talk to",
  "update",
  "fix",
  "review",
  "put together",
  "sort out",
  "investigate",
  "research",
  "make sure",
  "get back to",
  "let (?:you|him|her|them|us|everyone|everybody) know",
  "work on",
  "take care of",
  "handle",
  "present",
  "test",
  "implement",
  "build",
  "design",
  "draw up",
  "come up with",
  "deliver",
  "submit",
  "upload",
  "install",
  "order",
  "buy",
  "provide",
  "compile",
  "summari[sz]e",
  "document",
  "collect",
  "gather",
  "analy[sz]e",
  "compare",
  "estimate",
  "calculate",
].join("|");
/** The same work as an assignment in progress: "you'll be working on the design". */
const TASK_ING =
  "working on|thinking about|looking (?:into|at)|preparing|writing|researching|designing|handling|checking|investigating|drafting|organi[sz]ing";
const ADVERBS =
  "(?:(?:also|then|definitely|certainly|quickly|first|still|please|all|probably|try to|try and) )*";
const SELF =
  "i'll|i will|i'm going to|i am going to|i'm gonna|i shall|i can|i need to|i have to|i've got to|i must";
const OTHER =
  "you'll|you will|you're going to|you are going to|you're gonna|you need to|you have to|you should|you must|can you|could you|would you|will you";
const THIRD = "(?: will|'ll| is going to| is gonna| needs to| has to| should)";
/** Obligations of the group; "we'll find out" is a forecast, not a task. */
const TEAM = "we need to|we have to|we've got to|we must|let's";

const w = (source: string) => new RegExp(source, "i");

export const RULES: Rule[] = [
  { type: "action", pattern: w(`\\baction items?\\b`), confidence: 0.8, owner: "none" },
  {
    type: "action",
    pattern: w(`\\b(?:${SELF}) ${ADVERBS}(?:${TASK})\\b`),
    confidence: 0.7,
    owner: "speaker",
  },
  {
    type: "action",
    pattern: w(
      `\\b(?:${OTHER})(?:,? [a-z]+,)? ${ADVERBS}(?:be (?:just |also |all )?(?:${TASK_ING})|${TASK})\\b`,
    ),
    confidence: 0.6,
    owner: "addressee",
  },
  {
    type: "action",
    pattern: w(
      `\\b((?:[a-z][a-z'-]* ){0,2}[a-z][a-z-]*)${THIRD} ${ADVERBS}(?:be (?:${TASK_ING})|${TASK})\\b`,
    ),
    confidence: 0.65,
    owner: "named",
  },
  { type: "action", pattern: w(`\\b(?:${TEAM}) ${ADVERBS}(?:${TASK})\\b`), confidence: 0.45, owner: "none" },
  {
    type: "action",
    pattern: w(
      `\\b(?:discuss|talk about|come back to|revisit|decide)\\b.*\\b(?:next meeting|next time|offline)\\b`,
    ),
    confidence: 0.55,
    owner: "none",
  },
  {
    type: "decision",
    pattern: w(
      `\\b(?:we(?:'ve| have)? (?:all |just )?(?:decided|agreed)|(?:it's|it is|that's|that is) (?:decided|agreed|settled)|the (?:final )?decision (?:is|was)|we (?:all )?agree (?:on|that|to))\\b`,
    ),
    confidence: 0.75,
    owner: "none",
  },
  {
    type: "decision",
    pattern: w(
      `\\b(?:let's|we'll|we will|we're going to|we are going to|we're gonna) (?:just )?(?:go with|stick with|use|opt for|choose|settle on|adopt)\\b`,
    ),
    confidence: 0.65,
    owner: "none",
  },
  {
    type: "risk",
    pattern: w(`\\b(?:risks?|risky|blockers?|blocked|bottleneck)\\b`),
    confidence: 0.6,
    owner: "none",
  },
  {
    type: "risk",
    pattern: w(`\\b(?:delays?|delayed|behind schedule|over budget|miss(?:ing)? the deadline)\\b`),
    confidence: 0.6,
    owner: "none",
  },
  {
    type: "risk",
    pattern: w(
      `\\b(?:concerns? (?:about|that|is|with)|(?:my|our|the) (?:main |only |big |biggest )?concern)\\b`,
    ),
    confidence: 0.6,
    owner: "none",
  },
  { type: "risk", pattern: w(`\\bworr(?:ied|y) (?:about|that)\\b`), confidence: 0.55, owner: "none" },
  {
    type: "risk",
    pattern: w(`\\b(?:run|running|ran) into (?:a |an |some )?(?:\\w+ )?problems?\\b|\\bproblems? with\\b`),
    confidence: 0.55,
    owner: "none",
  },
  {
    type: "risk",
    pattern: w(`\\b(?:we|there)(?:'ve| have|'s| is) (?:got )?(?:a|an|some|one)(?: \\w+){0,2} problems?\\b`),
    confidence: 0.5,
    owner: "none",
  },
  {
    type: "risk",
    pattern: w(
      `\\b(?:won't|will not|wouldn't|isn't going to|might not|may not|could not|couldn't) (?:work|sell|fit|happen|make it|be (?:enough|ready|possible|feasible|finished|done|such))\\b|\\btoo (?:expensive|costly|slow|late|complicated)\\b`,
    ),
    confidence: 0.5,
    owner: "none",
  },
];
