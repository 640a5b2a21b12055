/** What the LLM test double recorded of one completion request. */
export interface RecordedRequest {
  api: "responses" | "chat";
  model: string;
  /** Plain {role, content}, in the order sent; Responses `instructions` come first as a system message. */
  messages: Array<{ role: string; content: string }>;
  jsonSchemaName?: string;
  jsonSchema?: Record<string, unknown>;
  /**
   * How JSON was asked for: the strict `json_schema` format, `json_object` mode, or neither. With
   * the latter two, `jsonSchema` is the schema the prompt carries, when it carries one.
   */
  responseFormat?: "json_schema" | "json_object";
  /** The schema came in the prompt's words rather than as a response format. */
  schemaInPrompt?: boolean;
  cacheKey?: string;
  maxOutputTokens?: number;
  reasoningEffort?: string;
  verbosity?: string;
  /** The analyzer marker found in the last message, if any (see analyzerMarker). */
  analyzer?: string;
  /** Whether a bearer token came, and its last 4 characters only: a full key is never stored. */
  auth: { bearer: boolean; last4?: string };
  /** Epoch ms when the request arrived. */
  receivedAt: number;
  /** The parsed JSON body, for assertions on fields not listed above (it never holds the key). */
  body: Record<string, unknown>;
}

export interface ReplyUsage {
  inputTokens?: number;
  cachedInputTokens?: number;
  outputTokens?: number;
  reasoningTokens?: number;
}

export type Reply =
  | {
      text: string;
      delayMs?: number;
      usage?: ReplyUsage;
      /** Streamed requests only: the connection drops after this many characters of text. */
      breakAfterChars?: number;
      /** Streamed requests only: waited between pieces of text. */
      pieceDelayMs?: number;
    }
  | {
      status: number;
      error: { message: string; type?: string; code?: string | null };
      headers?: Record<string, string>;
    }
  /** finish_reason "length" / status "incomplete" (max_output_tokens). */
  | { truncate: true; text?: string }
  /** A refusal from the model: `message.refusal` / an output `refusal` part. */
  | { refusal: string }
  /** Never answers; the connection stays open until the client gives up. */
  | { hang: true }
  /** Sent as-is with status 200 and a JSON content type: malformed answers. */
  | { rawBody: string };

/** `index` counts completion requests since start or reset, from 0. */
export type Responder = (req: RecordedRequest, index: number) => Reply | Promise<Reply>;
