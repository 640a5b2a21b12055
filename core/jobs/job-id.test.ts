import { describe, expect, it } from "vitest";
import { isJobId, JOB_ID_RANDOM_BYTES, newJobId } from "./job-id";

describe("job ids", () => {
  it("encode the creation time so ids sort by age", () => {
    const id = newJobId(new Date("2025-10-01T12:34:56.789Z"), (n) => new Uint8Array(n));
    expect(id).toBe(`20251001-123456-${"0".repeat(24)}`);
    expect(newJobId(new Date("2025-10-01T12:34:57Z")) > id).toBe(true);
  });

  it("carry 96 random bits, every byte value kept as it came (no modulo bias)", () => {
    const bytes = Uint8Array.from({ length: JOB_ID_RANDOM_BYTES }, (_, i) => 255 - i * 7);
    const id = newJobId(new Date("2025-10-01T00:00:00Z"), () => bytes);
    expect(JOB_ID_RANDOM_BYTES * 8).toBeGreaterThanOrEqual(96);
    expect(id.slice(16)).toBe(Buffer.from(bytes).toString("hex"));
  });

  it("spread evenly over the hex digits", () => {
    const counts = new Map<string, number>();
    for (let i = 0; i < 2_000; i++)
      for (const ch of newJobId().slice(16)) counts.set(ch, (counts.get(ch) ?? 0) + 1);
    // 48,000 digits: 3,000 each expected; a biased generator (byte % 36) misses this by far.
    expect(counts.size).toBe(16);
    for (const n of counts.values()) expect(Math.abs(n - 3_000)).toBeLessThan(400);
  });

  it("are accepted by isJobId and contain nothing that could leave a folder or split a Redis key", () => {
    const id = newJobId();
    expect(isJobId(id)).toBe(true);
    expect(id).not.toMatch(/[/\\:.]/);
  });

  it.each([
    "",
    "../etc/passwd",
    "20251001-123456-aaaaaaaa",
    `20251001-123456-${"A".repeat(24)}`,
    `20251001-123456-${"a".repeat(11)}/${"a".repeat(12)}`,
    "x".repeat(300),
    42,
  ])("reject %j", (value) => {
    expect(isJobId(value)).toBe(false);
  });

  it("differ between two ids made in the same second", () => {
    const now = new Date();
    expect(newJobId(now)).not.toBe(newJobId(now));
  });
});
