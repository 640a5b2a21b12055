import { strFromU8, unzipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { craftedBundle } from "./bundle.test-helper";
import { zipExport } from "./zip";

const FILES = [
  { path: "transcript.md", content: "Alice: hello" },
  { path: "stage-a/say-means.md", content: "# Say-Means" },
  { path: "COMPLETED", content: new TextEncoder().encode("2025-10-01T12:03:00.000Z\n") },
];
const EXPORTS = [
  { path: "transcript-x.md", content: "# report" },
  { path: "transcript-x.csv", content: "id,type\r\n" },
];

describe("the zip export", () => {
  it("unzips to every job file plus the exports under exports/, sorted by name", () => {
    const files = unzipSync(zipExport(craftedBundle(), FILES, EXPORTS));
    expect(Object.keys(files)).toEqual([
      "COMPLETED",
      "exports/transcript-x.csv",
      "exports/transcript-x.md",
      "stage-a/say-means.md",
      "transcript.md",
    ]);
    expect(strFromU8(files["stage-a/say-means.md"]!)).toBe("# Say-Means");
    expect(strFromU8(files["exports/transcript-x.md"]!)).toBe("# report");
  });

  it("gives the same bytes for the same job, whatever order the files came in", () => {
    const a = zipExport(craftedBundle(), FILES, EXPORTS);
    const b = zipExport(craftedBundle(), [...FILES].reverse(), [...EXPORTS].reverse());
    expect(Buffer.from(b).equals(Buffer.from(a))).toBe(true);
  });
});
