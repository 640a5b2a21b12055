import * as v from "valibot";
import { InputError } from "../../core/errors";
import type { SessionData } from "../../core/ports";
import type { FunctionDeps } from "../shared/deps";
import { type SavedKey, saveSession } from "../shared/session";

// Every message is fixed text: valibot's default messages quote the input, which here is a secret.
const ApiKeySchema = v.pipe(
  v.string("apiKey must be a string"),
  v.minLength(1, "apiKey is empty"),
  v.maxLength(300, "apiKey is longer than 300 characters"),
  // Printable ASCII only: the key travels in an HTTP header, and a pasted space or line break is a mistake.
  v.regex(/^[\x21-\x7e]+$/, "apiKey must not contain spaces, line breaks, control or non-ASCII characters"),
);

export const SaveKeySchema = v.object(
  {
    apiKey: ApiKeySchema,
    validate: v.optional(v.boolean("validate must be true or false")),
  },
  'send {"apiKey": "<key>", "validate": true}',
);
export type SaveKeyRequest = v.InferOutput<typeof SaveKeySchema>;

export const ValidateKeySchema = v.object(
  { apiKey: v.optional(ApiKeySchema) },
  'send {"apiKey": "<key>"}, or {} to check the stored key',
);

/** The key's last four characters, shown so a person can tell keys apart; none for a key too short to spare them. */
export const lastFour = (apiKey: string): string | undefined =>
  apiKey.length >= 8 ? apiKey.slice(-4) : undefined;

/** The service's reason, with the key cut out in case a service echoes it. */
const withoutKey = (message: string, apiKey: string): string => message.split(apiKey).join("(the key)");

/**
 * Stores the session's own key, encrypted, after asking the service about it when the caller
 * wants that. Jobs this session starts carry the encrypted key to the worker.
 */
export async function saveApiKey(
  session: SessionData,
  request: SaveKeyRequest,
  deps: FunctionDeps,
): Promise<SavedKey> {
  const { apiKey } = request;
  if (request.validate === true) {
    const result = await deps.validateApiKey(apiKey);
    if (!result.ok) {
      throw new InputError(
        "invalid_request",
        `The key was not saved: ${withoutKey(result.message, apiKey)}`,
        {
          details: { reason: result.code },
        },
      );
    }
  }
  const last4 = lastFour(apiKey);
  const { apiKeyLast4: _old, ...rest } = session;
  const updated: SessionData = {
    ...rest,
    encryptedApiKey: deps.secrets.encrypt(apiKey),
    ...(last4 ? { apiKeyLast4: last4 } : {}),
  };
  await saveSession(updated, deps);
  return { hasKey: true, ...(last4 ? { last4 } : {}), validated: request.validate === true };
}

export async function removeApiKey(session: SessionData | null, deps: FunctionDeps): Promise<void> {
  if (!session?.encryptedApiKey) return;
  const { encryptedApiKey: _key, apiKeyLast4: _last4, ...rest } = session;
  await saveSession(rest, deps);
}

export type KeyCheck = { valid: true } | { valid: false; error: { code: string; message: string } };

/** Asks the service about the given key, or else the session's stored one. */
export async function checkApiKey(
  given: string | undefined,
  session: SessionData | null,
  deps: FunctionDeps,
): Promise<KeyCheck> {
  let apiKey = given;
  if (apiKey === undefined) {
    if (!session?.encryptedApiKey)
      throw new InputError(
        "invalid_request",
        'No key was given and this session has none stored: send {"apiKey": "<key>"}.',
      );
    apiKey = deps.secrets.decrypt(session.encryptedApiKey);
    if (apiKey === undefined) {
      return {
        valid: false,
        error: {
          code: "key_unreadable",
          message: "The stored key can no longer be read (the server's secret changed); save it again.",
        },
      };
    }
  }
  const result = await deps.validateApiKey(apiKey);
  if (result.ok) return { valid: true };
  return { valid: false, error: { code: result.code, message: withoutKey(result.message, apiKey) } };
}
