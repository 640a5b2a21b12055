import * as v from "valibot";

/** How hard a reasoning model thinks (Responses API `reasoning.effort`). */
export const REASONING_EFFORTS = ["minimal", "low", "medium", "high"] as const;
export const ReasoningEffortSchema = v.picklist(REASONING_EFFORTS);
export type ReasoningEffort = v.InferOutput<typeof ReasoningEffortSchema>;

/** How long a model's answers run (`text.verbosity`), where the model has it. */
export const VERBOSITIES = ["low", "medium", "high"] as const;
export const VerbositySchema = v.picklist(VERBOSITIES);
export type Verbosity = v.InferOutput<typeof VerbositySchema>;

/** Which OpenAI API to call: `auto` picks Responses for gpt-5 and o-series models. */
export const API_STYLES = ["auto", "responses", "chat"] as const;
export const ApiStyleSettingSchema = v.picklist(API_STYLES);
