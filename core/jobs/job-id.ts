/**
 * Job ids are safe in file paths, Redis keys and BullMQ job ids (no `:`), sort by creation time,
 * and carry 96 bits from a uniform random generator (hex, so no alphabet bias), so knowing one
 * job's id says nothing about another's and guessing one is hopeless.
 */
export const JOB_ID_PATTERN = /^\d{8}-\d{6}-[0-9a-f]{24}$/;

/** Random bytes in an id: 12 bytes = 96 bits. */
export const JOB_ID_RANDOM_BYTES = 12;

export function newJobId(
  now: Date = new Date(),
  randomBytes: (n: number) => Uint8Array = defaultRandom,
): string {
  const iso = now.toISOString(); // 2025-10-01T12:34:56.789Z
  const stamp = `${iso.slice(0, 10).replaceAll("-", "")}-${iso.slice(11, 19).replaceAll(":", "")}`;
  const bytes = randomBytes(JOB_ID_RANDOM_BYTES);
  if (bytes.length !== JOB_ID_RANDOM_BYTES) throw new RangeError("a job id needs 12 random bytes");
  let suffix = "";
  for (const byte of bytes) suffix += byte.toString(16).padStart(2, "0");
  return `${stamp}-${suffix}`;
}

export const isJobId = (value: unknown): value is string =>
  typeof value === "string" && JOB_ID_PATTERN.test(value);

function defaultRandom(n: number): Uint8Array {
  return globalThis.crypto.getRandomValues(new Uint8Array(n));
}
