import { findAnalyzer } from "./prompt-reading";
import type { RecordedRequest } from "./types";

/** Reads a Responses or Chat Completions request body into what the double records. */
export function recordRequest(
  api: RecordedRequest["api"],
  body: Record<string, unknown>,
  authorization: string | undefined,
): RecordedRequest {
  const auth = readAuth(authorization);
  const messages = api === "responses" ? responsesMessages(body) : chatMessages(body);
  const text = asObject(body.text);
  const format = api === "responses" ? asObject(text?.format) : asObject(body.response_format);
  const schemaHolder = api === "responses" ? format : asObject(format?.json_schema);
  const isSchema = format?.type === "json_schema";
  const maxOutput =
    api === "responses" ? body.max_output_tokens : (body.max_completion_tokens ?? body.max_tokens);
  const effort = api === "responses" ? asObject(body.reasoning)?.effort : body.reasoning_effort;
  const verbosity = api === "responses" ? text?.verbosity : body.verbosity;
  const out: RecordedRequest = {
    api,
    model: body.model as string,
    messages,
    auth: auth.token ? { bearer: true, last4: auth.token.slice(-4) } : { bearer: false },
    receivedAt: Date.now(),
    body,
  };
  if (isSchema && typeof schemaHolder?.name === "string") out.jsonSchemaName = schemaHolder.name;
  if (isSchema && asObject(schemaHolder?.schema)) out.jsonSchema = asObject(schemaHolder?.schema);
  if (isSchema) out.responseFormat = "json_schema";
  else {
    if (format?.type === "json_object") out.responseFormat = "json_object";
    const inPrompt = schemaFromPrompt(messages.at(-1)?.content ?? "");
    if (inPrompt) {
      out.jsonSchemaName = inPrompt.name;
      out.jsonSchema = inPrompt.schema;
      out.schemaInPrompt = true;
    }
  }
  if (typeof body.prompt_cache_key === "string") out.cacheKey = body.prompt_cache_key;
  if (typeof maxOutput === "number") out.maxOutputTokens = maxOutput;
  if (typeof effort === "string") out.reasoningEffort = effort;
  if (typeof verbosity === "string") out.verbosity = verbosity;
  const analyzer = findAnalyzer(messages);
  if (analyzer) out.analyzer = analyzer;
  return out;
}

/** The schema a prompt spells out for a service without the json_schema format (`schemaInstruction`). */
function schemaFromPrompt(text: string): { name: string; schema: Record<string, unknown> } | undefined {
  const match = /JSON schema, named "([^"]+)":\n```json\n(.+?)\n```/s.exec(text);
  if (!match) return undefined;
  try {
    const schema = asObject(JSON.parse(match[2]!));
    return schema ? { name: match[1]!, schema } : undefined;
  } catch {
    return undefined;
  }
}

function responsesMessages(body: Record<string, unknown>): RecordedRequest["messages"] {
  const messages: RecordedRequest["messages"] = [];
  if (typeof body.instructions === "string") messages.push({ role: "system", content: body.instructions });
  if (typeof body.input === "string") messages.push({ role: "user", content: body.input });
  else if (Array.isArray(body.input)) {
    for (const item of body.input) {
      const m = asObject(item);
      if (m && typeof m.role === "string") messages.push({ role: m.role, content: contentText(m.content) });
    }
  }
  return messages;
}

function chatMessages(body: Record<string, unknown>): RecordedRequest["messages"] {
  if (!Array.isArray(body.messages)) return [];
  return body.messages.flatMap((item) => {
    const m = asObject(item);
    return m && typeof m.role === "string" ? [{ role: m.role, content: contentText(m.content) }] : [];
  });
}

/** A string, or parts like `{type: "input_text" | "text", text}` joined. */
function contentText(content: unknown): string {
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return "";
  return content
    .map((part) => asObject(part)?.text)
    .filter((t): t is string => typeof t === "string")
    .join("");
}

export function readAuth(header: string | undefined): { token?: string } {
  const match = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
  return match ? { token: match[1] } : {};
}

export function asObject(value: unknown): Record<string, unknown> | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}
