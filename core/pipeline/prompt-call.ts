import { LlmInsightsSchema } from "../insights/schema";
import type { CallOutcome } from "../jobs/stored";
import { type PricingTable, spendOf } from "../llm/pricing";
import { completeStructured } from "../llm/structured";
import { countMessageTokens, countTokens, messageTokensAtMost, tokensAtMost } from "../llm/tokens";
import { addSpend, NO_SPEND } from "../llm/usage";
import type { LlmMessage, LlmProvider, LlmRequest } from "../ports";
import { composeMessages } from "../prompts/compose-messages";
import type { PromptDefinition } from "../prompts/prompt-definition";
import type { BlockInput } from "../prompts/variables";
import type { Transcript } from "../transcript/model";
import { renderTranscript } from "../transcript/render";
import { chunkSegments } from "./chunking";

export type { CallOutcome };

/** Named output schemas a JSON prompt may ask for. */
const OUTPUT_SCHEMAS = { insights: LlmInsightsSchema } as const;

export interface CallEnv {
  llm: LlmProvider;
  system: string;
  model: string;
  /** The most input one call may carry: the model's window minus the output reserve, or lower. */
  maxInputTokens: number;
  maxOutputTokens: number;
  pricing: PricingTable;
  /** One key per job, so the provider routes a job's calls to the same prefix cache. */
  cacheKey: string;
  reasoningEffort?: LlmRequest["reasoningEffort"];
  verbosity?: LlmRequest["verbosity"];
  signal?: AbortSignal;
  /**
   * Runs `call` unless a result is stored under `key` already, and stores it once: a retried or
   * resumed step does not pay for a chunk it already has.
   */
  memo: (key: string, call: () => Promise<CallOutcome>) => Promise<CallOutcome>;
}

export interface CallInput {
  blocks: Partial<Record<BlockInput, string>>;
  values: Record<string, string>;
}

/** One call of one prompt. JSON prompts are validated against their schema (with one repair). */
export async function callPrompt(
  def: PromptDefinition,
  input: CallInput,
  env: CallEnv,
): Promise<CallOutcome> {
  const messages = composeMessages(def, { system: env.system, blocks: input.blocks, values: input.values });
  // Names the analyzer in the last message only, so the shared prefix stays identical; logs and
  // the test double of the service read it.
  const last = messages.at(-1)!;
  last.content = `${last.content}\n\n<!-- analyzer: ${def.id} -->`;
  const request: LlmRequest = {
    model: env.model,
    messages,
    maxOutputTokens: env.maxOutputTokens,
    cacheKey: env.cacheKey,
    ...(env.reasoningEffort ? { reasoningEffort: env.reasoningEffort } : {}),
    ...(env.verbosity ? { verbosity: env.verbosity } : {}),
    ...(env.signal ? { signal: env.signal } : {}),
  };
  if (def.output === "json" && def.schema) {
    const { value, result } = await completeStructured(
      env.llm,
      request,
      OUTPUT_SCHEMAS[def.schema],
      def.schema,
    );
    return {
      text: result.text,
      value,
      model: result.model,
      spend: spendOf(result.model, result.usage, result.attempts, env.pricing),
    };
  }
  const result = await env.llm.complete(request);
  return {
    text: result.text,
    model: result.model,
    spend: spendOf(result.model, result.usage, result.attempts, env.pricing),
  };
}

/**
 * Tokens a prompt costs besides its blocks: the system message and the rendered instructions,
 * counted (or, for a reserve, estimated with `estimateMessageTokens`).
 */
export function overheadTokens(
  def: PromptDefinition,
  input: CallInput,
  system: string,
  count: (messages: LlmMessage[]) => number = countMessageTokens,
): number {
  const blocks = Object.fromEntries(Object.keys(input.blocks).map((k) => [k, "·"]));
  return (
    count(
      composeMessages(def, { system, blocks, values: { ...input.values, chunk_note: CHUNK_NOTE_SAMPLE } }),
    ) + 20
  );
}

const OVERLAP_SEGMENTS = 2;
const CHUNK_NOTE_SAMPLE =
  "This is part 12 of 12 of the transcript, seg-12345 to seg-12399; the parts overlap by a few segments.";

export interface TranscriptJob {
  transcript: Transcript;
  /** The whole transcript rendered with segment ids, and its token count. */
  transcriptText: string;
  transcriptTokens: number;
}

/**
 * Runs a prompt that reads the transcript. When the transcript does not fit one call it is cut
 * into overlapping chunks at segment boundaries, the prompt runs on each (map), and the reduce
 * prompt merges the answers, level by level if they are many (reduce). Never truncates.
 */
export async function callOnTranscript(
  def: PromptDefinition,
  job: TranscriptJob,
  values: Record<string, string>,
  env: CallEnv,
  mapReduce: { reduce: PromptDefinition; key: string; extraBlocks?: Partial<Record<BlockInput, string>> },
): Promise<CallOutcome> {
  const extra = mapReduce.extraBlocks ?? {};
  const whole = { blocks: { ...extra, transcript: job.transcriptText }, values };
  // The transcript is counted once per job; when the rest fits by its byte bound, it is not counted.
  const restAtMost =
    overheadTokens(def, { blocks: { ...extra, transcript: "" }, values }, env.system, messageTokensAtMost) +
    Object.values(extra).reduce((a, t) => a + tokensAtMost(t ?? ""), 0);
  if (job.transcriptTokens + restAtMost <= env.maxInputTokens) return callPrompt(def, whole, env);
  const overhead = overheadTokens(def, { blocks: { ...extra, transcript: "" }, values }, env.system);
  const extraTokens = Object.values(extra).reduce((a, t) => a + countTokens(t ?? ""), 0);
  const room = env.maxInputTokens - overhead - extraTokens;
  if (job.transcriptTokens <= room) return callPrompt(def, whole, env);

  const bare = { format: job.transcript.format, speakers: job.transcript.speakers };
  const chunks = chunkSegments(
    job.transcript.segments,
    Math.max(50, room),
    (s) => countTokens(renderTranscript({ ...bare, segments: [s] }, { ids: true })) + 2,
    OVERLAP_SEGMENTS,
  );
  const partials = await Promise.all(
    chunks.map((chunk) =>
      env.memo(`${mapReduce.key}#chunk-${chunk.index}`, () =>
        callPrompt(
          def,
          {
            blocks: {
              ...extra,
              transcript: renderTranscript({ ...job.transcript, segments: chunk.segments }, { ids: true }),
            },
            values: {
              ...values,
              chunk_note: `This is part ${chunk.index} of ${chunks.length} of the transcript, ${chunk.firstId} to ${chunk.lastId}; the parts overlap by a few segments.`,
            },
          },
          env,
        ),
      ),
    ),
  );
  if (def.output === "json") {
    // Structured items from each chunk are merged by the caller (they are de-duplicated there).
    const spend = partials.reduce((a, p) => addSpend(a, p.spend), NO_SPEND);
    return {
      text: partials.map((p) => p.text).join("\n"),
      value: partials.map((p) => p.value),
      model: partials[0]!.model,
      spend,
      chunking: {
        chunks: chunks.length,
        maxInputTokens: env.maxInputTokens,
        transcriptTokens: job.transcriptTokens,
        overlapSegments: OVERLAP_SEGMENTS,
        reduceLevels: 0,
      },
    };
  }
  const labelled = partials.map(
    (p, i) =>
      `### Part ${i + 1} of ${chunks.length} (${chunks[i]!.firstId} to ${chunks[i]!.lastId})\n\n${p.text}`,
  );
  const instructions = composeMessages(def, {
    system: env.system,
    blocks: { ...extra, transcript: "·" },
    values,
  }).at(-1)!.content;
  const reduced = await reduceAll(labelled, def, instructions, mapReduce, env);
  return {
    ...reduced.outcome,
    spend: partials.reduce((a, p) => addSpend(a, p.spend), reduced.outcome.spend),
    chunking: {
      chunks: chunks.length,
      maxInputTokens: env.maxInputTokens,
      transcriptTokens: job.transcriptTokens,
      overlapSegments: OVERLAP_SEGMENTS,
      reduceLevels: reduced.levels,
    },
  };
}

/** Merges partial answers with the reduce prompt, in groups that fit one call, until one is left. */
async function reduceAll(
  partials: string[],
  def: PromptDefinition,
  instructions: string,
  mapReduce: { reduce: PromptDefinition; key: string },
  env: CallEnv,
): Promise<{ outcome: CallOutcome; levels: number }> {
  const values = { analyzer_name: def.name, analyzer_instructions: instructions };
  const overhead = overheadTokens(mapReduce.reduce, { blocks: { partials: "" }, values }, env.system);
  const room = Math.max(200, env.maxInputTokens - overhead);
  let level = 0;
  let spend = NO_SPEND;
  let current = partials;
  for (;;) {
    level++;
    const groups: string[][] = [];
    let group: string[] = [];
    let used = 0;
    for (const p of current) {
      const t = countTokens(p) + 4;
      if (group.length > 0 && used + t > room) {
        groups.push(group);
        group = [];
        used = 0;
      }
      group.push(p);
      used += t;
    }
    groups.push(group);
    const outcomes = await Promise.all(
      groups.map((g, i) =>
        env.memo(`${mapReduce.key}#reduce-${level}-${i + 1}`, () =>
          callPrompt(mapReduce.reduce, { blocks: { partials: g.join("\n\n") }, values }, env),
        ),
      ),
    );
    spend = outcomes.reduce((a, o) => addSpend(a, o.spend), spend);
    if (outcomes.length === 1) return { outcome: { ...outcomes[0]!, spend }, levels: level };
    if (outcomes.length >= current.length)
      throw new RangeError("reduce made no progress; the budget is too small");
    current = outcomes.map((o, i) => `### Merged part ${i + 1} of ${outcomes.length}\n\n${o.text}`);
  }
}
