import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createFsArtifactStore } from "./fs-artifacts";

const JOB = "20251001-123456-abcdef0123456789abcdef01";

describe("filesystem artifact store", () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), "artifacts-"));
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it("writes job files under jobs/<jobId>/ and lists them sorted", async () => {
    const store = createFsArtifactStore(root);
    await store.write(JOB, "stage-a/say-means.md", "# Say / Means");
    await store.write(JOB, "job.json", "{}");
    expect(await store.list(JOB)).toEqual(["job.json", "stage-a/say-means.md"]);
    expect(await readFile(path.join(root, "jobs", JOB, "stage-a/say-means.md"), "utf8")).toBe(
      "# Say / Means",
    );
    expect(new TextDecoder().decode((await store.read(JOB, "job.json"))!)).toBe("{}");
  });

  it("answers null for a missing file and an empty list for an unknown job", async () => {
    const store = createFsArtifactStore(root);
    expect(await store.read(JOB, "nothing.md")).toBeNull();
    expect(await store.list(JOB)).toEqual([]);
  });

  it.each([
    "../other/job.json",
    "../../secret",
    "/etc/passwd",
    "stage-a/../../x",
    "a\\..\\b",
    "a\0b",
    "",
    "./job.json",
    "a//b",
  ])("refuses the path %j", async (bad) => {
    const store = createFsArtifactStore(root);
    await expect(store.read(JOB, bad)).rejects.toMatchObject({ code: "invalid_request" });
    await expect(store.write(JOB, bad, "x")).rejects.toMatchObject({ code: "invalid_request" });
  });

  it("refuses job ids that are not job ids", async () => {
    const store = createFsArtifactStore(root);
    await writeFile(path.join(root, "secret.txt"), "s");
    await expect(store.read("..", "secret.txt")).rejects.toMatchObject({ code: "invalid_request" });
    await expect(store.list("../..")).rejects.toMatchObject({ code: "invalid_request" });
  });
});
