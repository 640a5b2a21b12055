import { createHash, randomBytes } from "node:crypto";
import * as v from "valibot";

/**
 * A read-only link to one job, made by its owner on purpose and revocable. The link carries a
 * token of 256 random bits; stores keep only its hash (the link's id), so a copy of the store
 * opens nothing.
 */
export const ShareLinkSchema = v.object({
  /** sha256 of the token, hex: what stores key by and what an owner revokes. */
  id: v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/)),
  jobId: v.string(),
  /** The job's owner, who made the link. */
  owner: v.string(),
  createdAt: v.string(),
  /** When the owner gave it an end; without one it lives until revoked or its job is deleted. */
  expiresAt: v.optional(v.string()),
});
export type ShareLink = v.InferOutput<typeof ShareLinkSchema>;

export const SHARE_TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export const newShareToken = (): string => randomBytes(32).toString("base64url");

export const shareIdOf = (token: string): string => createHash("sha256").update(token).digest("hex");

export const isShareToken = (value: unknown): value is string =>
  typeof value === "string" && SHARE_TOKEN_PATTERN.test(value);
