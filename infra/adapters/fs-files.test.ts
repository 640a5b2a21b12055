import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { writeFileAtomic } from "./fs-files";

describe("atomic file writes", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "atomic-"));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("lets many writers of one file in the same moment each finish, leaving one whole version and no temp files", async () => {
    const file = path.join(dir, "job.json");
    const versions = Array.from({ length: 20 }, (_, i) =>
      JSON.stringify({ version: i, pad: "x".repeat(10_000) }),
    );
    await Promise.all(versions.map((v) => writeFileAtomic(file, v)));
    expect(versions).toContain(await readFile(file, "utf8"));
    expect(await readdir(dir)).toEqual(["job.json"]);
  });

  it("leaves nothing behind when the write fails", async () => {
    await expect(writeFileAtomic(path.join(dir, "missing-folder", "x.md"), "x")).rejects.toMatchObject({
      code: "ENOENT",
    });
    expect(await readdir(dir)).toEqual([]);
  });
});
