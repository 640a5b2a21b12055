import type { PreparedInput } from "../jobs/stored";
import type { Vault } from "../ports";
import type { PreparedWork } from "./cpu-work";
import { sealMapping } from "./redaction";

/** A prepared input with its redaction's mapping sealed, as the store keeps it. */
export function sealPrepared(work: PreparedWork, vault: Vault | undefined): PreparedInput {
  const { redaction, ...rest } = work;
  if (!redaction) return rest;
  return {
    ...rest,
    redaction: {
      transcript: redaction.transcript,
      sealedMapping: sealMapping(redaction.mapping, vault),
      counts: redaction.counts,
    },
  };
}
