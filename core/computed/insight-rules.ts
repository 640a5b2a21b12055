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
  "put (?:up|together|(?:the|our|my|your) (?:minutes|notes|slides|documents?|presentations?|files?)|(?:it|them|that|those) (?:in|on|up))",
  "type up",
  "take (?:the |some )?(?:minutes|notes)",
  "make (?:the |some )?(?:minutes|notes|copies)",
  "mail out",
  "dig (?:up|into)",
  "push (?:on|some more on)",
  "think (?:about|through|of)",
  "try (?:to|and) find",
  "do (?:the|some|a|my|your|his|her|our|their)",
  "bring",
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
  "i'll|i will|i'm going to|i am going to|i'm gonna|i shall|i need to|i have to|i've got to|i must";
const OTHER =
  "you'll|you will|you're going to|you are going to|you're gonna|you need to|you have to|you should|you must|can you|could you|will you|if you could|so you do";
const THIRD = "(?: will|'ll| is going to| is gonna| needs to| has to| should| is to)";
/** Obligations of the group; "we'll find out" is a forecast and "let's test it" happens now, not tasks. */
const TEAM = "we need to|we have to|we've got to|we must";

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
  {
    type: "action", // "We have to think about …" is talk, not a task.
    pattern: w(`\\b(?:${TEAM}) ${ADVERBS}(?!think)(?:${TASK})\\b`),
    confidence: 0.45,
    owner: "none",
  },
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
      `\\b(?:we(?:'ve| have)? (?:all |just |now )?(?:decided|agreed)|(?:it's|it is|that's|that is) (?:decided|agreed|settled)|the (?:final )?decision (?:is|was)|we (?:all )?agree (?:on|that|to|with)|(?:we|i think we) (?:all )?agree(?: on that| about that)?[.!]?$|agreed[.!]?$)`,
    ),
    confidence: 0.75,
    owner: "none",
  },
  {
    type: "decision",
    pattern: w(
      `\\b(?:we (?:just )?go with it|(?:let's|let us) (?:just |all |then )?(?:go with|go for|stick with|stick to|use|opt for|choose|settle on|adopt|keep|put|include|say|make it)|(?:we'll|we will|we're going to|we are going to|we're gonna) (?:just |all |then )?(?:go with|go for|stick with|stick to|use|opt for|choose|settle on|adopt|keep))\\b`,
    ),
    confidence: 0.6,
    owner: "none",
  },
  {
    type: "decision",
    pattern: w(
      `^(?:(?:so|okay|ok|alright|right|yeah|and),? )+(?:we (?:have|keep|use|go for|go with|put|take|want|said)(?! to)|(?:the|our) (?:colou?r|shape|case|material|battery|energy|target group|price|cost|design|button|buttons|interface|name|target)s? (?:is|are|will be|would be|should be))\\b`,
    ),
    confidence: 0.55,
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
    pattern: w(
      `\\b(?:delays?|delayed|behind schedule|miss(?:ing)? the deadline|take (?:another|more) (?:\\w+ ){0,3}(?:days|weeks))\\b`,
    ),
    confidence: 0.55,
    owner: "none",
  },
  {
    type: "risk",
    pattern: w(
      `\\b(?:concerns? (?:about|that|is|with)|(?:my|our|the) (?:main |only |big |biggest )?concern|worr(?:ied|y) (?:about|that))\\b`,
    ),
    confidence: 0.6,
    owner: "none",
  },
  {
    type: "risk",
    pattern: w(
      `\\b(?:(?:too|very|quite|pretty|really|rather) expensive|(?:exceed|go (?:way )?(?:above|over|beyond)|over|drag up|push up|boost|raise|rise|add to|increase) (?:the |our )?(?:budget|costs?|price|production costs?)|costs? too much|no (?:room|money) (?:in|for) (?:the )?(?:budget|financing|\\w+)|(?:won't|will not|wouldn't|doesn't|does not|don't|may not|might not) (?:fit (?:in|into|within) (?:the |our )?(?:budget|costs?|price)|cover (?:it|that|the cost)))`,
    ),
    confidence: 0.6,
    owner: "none",
  },
  {
    type: "risk",
    pattern: w(
      `\\b(?:won't|will not|wouldn't|isn't going to|might not|may not|could not|couldn't|doesn't|does not) (?:work|sell|support|happen|make it|be (?:enough|ready|possible|feasible|robust|reliable|finished|done))\\b|\\b(?:not (?:very |really )?robust|(?:very |quite |too )?fragile)\\b`,
    ),
    confidence: 0.5,
    owner: "none",
  },
  {
    type: "risk",
    pattern: w(
      `\\b(?:the (?:only |main |big )?problem (?:is|there|might|will|would)|(?:run|running|ran) into (?:a |an |some )?(?:\\w+ )?problems?|problems? with (?:the|that|this|it))\\b`,
    ),
    confidence: 0.5,
    owner: "none",
  },
];
