/**
 * Job ids are safe in file paths, Redis keys and BullMQ job ids (no `:`), sort by creation time,
 * and carry 41 bits of randomness so one job's id does not reveal another's.
 */
export const JOB_ID_PATTERN = /^\d{8}-\d{6}-[a-z0-9]{8}$/;

const ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

export function newJobId(
  now: Date = new Date(),
  randomBytes: (n: number) => Uint8Array = defaultRandom,
): string {
  const iso = now.toISOString(); // 2025-10-01T12:34:56.789Z
  const stamp = `${iso.slice(0, 10).replaceAll("-", "")}-${iso.slice(11, 19).replaceAll(":", "")}`;
  let suffix = "";
  for (const byte of randomBytes(8)) suffix += ALPHABET[byte % ALPHABET.length];
  return `${stamp}-${suffix}`;
}

export const isJobId = (value: unknown): value is string =>
  typeof value === "string" && JOB_ID_PATTERN.test(value);

function defaultRandom(n: number): Uint8Array {
  return globalThis.crypto.getRandomValues(new Uint8Array(n));
}
