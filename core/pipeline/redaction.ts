import * as v from "valibot";
import { AppError } from "../errors";
import type { JobInput, PreparedInput } from "../jobs/stored";
import type { Vault } from "../ports";
import { type RedactionMapping, RedactionMappingSchema, restoreDeep } from "../privacy/redact";
import type { TranscriptJob } from "./prompt-call";

/** The transcript as the model sees it: redacted when the job redacts. */
export function modelTranscript(input: JobInput): TranscriptJob {
  return {
    transcript: input.redaction?.transcript ?? input.transcript,
    transcriptText: input.transcriptText,
    transcriptTokens: input.transcriptTokens,
  };
}

/** The job's mapping back to the real values; empty for a job that does not redact. */
export function openMapping(
  prepared: Pick<PreparedInput, "redaction"> | null,
  vault: Vault | undefined,
): RedactionMapping {
  const sealed = prepared?.redaction?.sealedMapping;
  if (!sealed) return [];
  const plain = vault?.open(sealed);
  if (plain === undefined) {
    throw new AppError(
      "internal",
      "The job's redacted values cannot be opened: it was sealed under another SESSION_SECRET. Set the same SESSION_SECRET on every process.",
    );
  }
  return v.parse(RedactionMappingSchema, JSON.parse(plain));
}

/** Puts the real values back into what a person is shown (texts, insight items). */
export function revealer(prepared: Pick<PreparedInput, "redaction"> | null, vault: Vault | undefined) {
  const mapping = openMapping(prepared, vault);
  return <T>(value: T): T => (mapping.length === 0 ? value : restoreDeep(value, mapping));
}

/** Seals a mapping for the job's stored input. */
export function sealMapping(mapping: RedactionMapping, vault: Vault | undefined): string {
  if (!vault)
    throw new AppError("internal", "Redaction needs a vault to seal the job's values (SESSION_SECRET).");
  return vault.seal(JSON.stringify(mapping));
}
