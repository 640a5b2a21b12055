import * as v from "valibot";
import { LlmError } from "../errors";
import type { LlmProvider, LlmRequest, LlmResult } from "../ports";
import { prepareStructuredSchema, type ValibotSchema } from "./strict-json-schema";
import { addUsage } from "./usage";

export interface StructuredResult<T> {
  value: T;
  /** The last call's text and model; usage and attempts summed over the first call and any repair. */
  result: LlmResult;
}

const MAX_ISSUES_SHOWN = 6;

/**
 * Asks for JSON matching `schema`, parses and validates it. A parse or validation failure gets one
 * repair call (the bad answer and the issues appended, so the prompt prefix stays cacheable); a
 * second failure is LlmError("llm_invalid_output"). Call errors (truncation, auth…) pass through.
 */
export async function completeStructured<TSchema extends ValibotSchema>(
  provider: LlmProvider,
  request: Omit<LlmRequest, "jsonSchema">,
  schema: TSchema,
  name: string,
): Promise<StructuredResult<v.InferOutput<TSchema>>> {
  const prepared = prepareStructuredSchema(schema);
  const ask = (messages: LlmRequest["messages"]) =>
    provider.complete({ ...request, messages, jsonSchema: { name, schema: prepared.jsonSchema } });

  const first = await ask(request.messages);
  const firstCheck = check(first.text, schema, prepared.normalize);
  if (firstCheck.ok) return { value: firstCheck.value, result: first };

  const second = await ask([
    ...request.messages,
    { role: "assistant", content: first.text },
    {
      role: "user",
      content: `That answer is not valid for the required JSON schema "${name}":\n${firstCheck.problems}\n\nAnswer again with the corrected JSON only: no prose, no code fences.`,
    },
  ]);
  const result: LlmResult = {
    text: second.text,
    model: second.model,
    usage: addUsage(first.usage, second.usage),
    attempts: first.attempts + second.attempts,
  };
  const secondCheck = check(second.text, schema, prepared.normalize);
  if (secondCheck.ok) return { value: secondCheck.value, result };
  throw new LlmError(
    "llm_invalid_output",
    `Model ${second.model} twice returned output that does not match the "${name}" format, even after a repair request:\n${secondCheck.problems}`,
    { retryable: false, details: { schema: name, usage: result.usage } },
  );
}

type Check<T> = { ok: true; value: T } | { ok: false; problems: string };

function check<TSchema extends ValibotSchema>(
  text: string,
  schema: TSchema,
  normalize: (value: unknown) => unknown,
): Check<v.InferOutput<TSchema>> {
  let raw: unknown;
  try {
    raw = JSON.parse(stripCodeFence(text));
  } catch (e) {
    return { ok: false, problems: `- not valid JSON (${(e as Error).message})` };
  }
  const parsed = v.safeParse(schema, normalize(raw));
  if (parsed.success) return { ok: true, value: parsed.output };
  const lines = parsed.issues
    .slice(0, MAX_ISSUES_SHOWN)
    .map((issue) => `- ${v.getDotPath(issue) ?? "(root)"}: ${issue.message}`);
  if (parsed.issues.length > MAX_ISSUES_SHOWN)
    lines.push(`- … and ${parsed.issues.length - MAX_ISSUES_SHOWN} more`);
  return { ok: false, problems: lines.join("\n") };
}

/**
 * The schema as words in the prompt, for a service that cannot take it as a response format
 * (`json_object` mode, or plain text): appended to the last message, so the shared prefix stays.
 */
export function schemaInstruction(name: string, schema: Record<string, unknown>): string {
  return [
    `Answer with one JSON object and nothing else (no prose, no code fences) that is valid for this JSON schema, named "${name}":`,
    "```json",
    JSON.stringify(schema),
    "```",
  ].join("\n");
}

// Servers without strict mode (some local models) wrap JSON in a Markdown fence.
function stripCodeFence(text: string): string {
  const match = /^\s*```(?:json)?\s*\n([\s\S]*?)\n\s*```\s*$/.exec(text);
  return match ? match[1]! : text;
}
