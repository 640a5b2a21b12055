import { describe, expect, it } from "vitest";
import { isJobId, newJobId } from "./job-id";

describe("job ids", () => {
  it("encode the creation time so ids sort by age", () => {
    const id = newJobId(new Date("2025-10-01T12:34:56.789Z"), () => new Uint8Array(8));
    expect(id).toBe("20251001-123456-aaaaaaaa");
    expect(newJobId(new Date("2025-10-01T12:34:57Z")) > id).toBe(true);
  });

  it("are accepted by isJobId and contain nothing that could leave a folder or split a Redis key", () => {
    const id = newJobId();
    expect(isJobId(id)).toBe(true);
    expect(id).not.toMatch(/[/\\:.]/);
  });

  it.each(["", "../etc/passwd", "20251001-123456-AAAAAAAA", "20251001-123456-aaaa/aaa", "x".repeat(300), 42])(
    "reject %j",
    (value) => {
      expect(isJobId(value)).toBe(false);
    },
  );

  it("differ between two ids made in the same second", () => {
    const now = new Date();
    expect(newJobId(now)).not.toBe(newJobId(now));
  });
});
