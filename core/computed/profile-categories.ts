/**
 * The categories of the linguistic profile, with the words tables name them by, in the order
 * tables show them. The profile's schema is made from this list, and the web UI's table and the
 * Pennebaker prompt's table read it; it imports nothing, so the browser bundle can too.
 */
export const PROFILE_LABELS = {
  i: "I",
  we: "we",
  you: "you",
  negations: "negations",
  certainty: "certainty",
  tentative: "tentative",
  positiveEmotion: "positive emotion",
  negativeEmotion: "negative emotion",
} as const;

export type ProfileCategory = keyof typeof PROFILE_LABELS;
export const PROFILE_CATEGORIES = Object.keys(PROFILE_LABELS) as ProfileCategory[];
