import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createPromptRegistry } from "../../core/prompts/registry";
import { createFsPromptSource, createFsPromptStore } from "./fs-prompts";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "fs-prompts-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const at = "2024-05-02T10:00:00.000Z";

async function filesUnder(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(root.length + 1))
    .sort();
}

describe("createFsPromptSource", () => {
  it("reads the markdown files of the stage folders, with paths relative to the prompts folder", async () => {
    await mkdir(join(dir, "stage-a"));
    await mkdir(join(dir, "system"));
    await mkdir(join(dir, "drafts"));
    await writeFile(join(dir, "stage-a", "say-means.md"), "A");
    await writeFile(join(dir, "stage-a", "notes.txt"), "not a prompt");
    await writeFile(join(dir, "stage-a", ".hidden.md"), "editor swap file");
    await writeFile(join(dir, "system", "analyst.md"), "S");
    await writeFile(join(dir, "drafts", "x.md"), "not a stage folder");
    expect(await createFsPromptSource(dir).list()).toEqual([
      { path: "stage-a/say-means.md", text: "A" },
      { path: "system/analyst.md", text: "S" },
    ]);
  });

  it("fails when the prompts folder is missing, rather than serving no analyzers", async () => {
    await expect(createFsPromptSource(join(dir, "missing")).list()).rejects.toThrow(/does not exist/);
  });

  it("serves the shipped prompts to a registry", async () => {
    const prompts = fileURLToPath(new URL("../../prompts", import.meta.url));
    const registry = createPromptRegistry({
      builtins: createFsPromptSource(prompts),
      store: createFsPromptStore(dir),
    });
    expect((await registry.list()).length).toBe(23);
    expect((await registry.list("A")).length).toBe(9);
  });
});

describe("createFsPromptStore", () => {
  it("keeps overrides and custom analyzers as files under the data folder", async () => {
    const store = createFsPromptStore(dir);
    await store.put({ id: "say-means", kind: "override", text: "edited", updatedAt: at });
    await store.put({ id: "risk-radar", kind: "custom", text: "custom", updatedAt: at });
    expect(await filesUnder(dir)).toEqual(["custom/risk-radar.md", "overrides/say-means.md"]);
    expect(await readFile(join(dir, "overrides", "say-means.md"), "utf8")).toBe("edited");

    expect(await store.get("say-means")).toEqual({
      id: "say-means",
      kind: "override",
      text: "edited",
      updatedAt: at,
    });
    expect((await store.list()).map((p) => [p.id, p.kind])).toEqual([
      ["risk-radar", "custom"],
      ["say-means", "override"],
    ]);
  });

  it("replaces a prompt in place and leaves no temporary files", async () => {
    const store = createFsPromptStore(dir);
    await store.put({ id: "say-means", kind: "override", text: "one", updatedAt: at });
    await store.put({
      id: "say-means",
      kind: "override",
      text: "two",
      updatedAt: "2024-05-03T08:00:00.000Z",
    });
    expect(await filesUnder(dir)).toEqual(["overrides/say-means.md"]);
    expect(await store.get("say-means")).toMatchObject({
      text: "two",
      updatedAt: "2024-05-03T08:00:00.000Z",
    });
  });

  it("keeps one prompt per id when its kind changes", async () => {
    const store = createFsPromptStore(dir);
    await store.put({ id: "idea", kind: "custom", text: "c", updatedAt: at });
    await store.put({ id: "idea", kind: "override", text: "o", updatedAt: at });
    expect(await filesUnder(dir)).toEqual(["overrides/idea.md"]);
  });

  it("deletes one prompt, clears one kind, and clears everything", async () => {
    const store = createFsPromptStore(dir);
    await store.put({ id: "a", kind: "override", text: "a", updatedAt: at });
    await store.put({ id: "b", kind: "custom", text: "b", updatedAt: at });
    await store.put({ id: "c", kind: "override", text: "c", updatedAt: at });
    expect(await store.delete("a")).toBe(true);
    expect(await store.delete("a")).toBe(false);
    await store.clear("override");
    expect((await store.list()).map((p) => p.id)).toEqual(["b"]);
    await store.clear();
    expect(await store.list()).toEqual([]);
  });

  it("ignores files in its folders that are not named like a prompt", async () => {
    await mkdir(join(dir, "custom"), { recursive: true });
    await writeFile(join(dir, "custom", "Bad Name.md"), "x");
    await writeFile(join(dir, "custom", "ok.md.1a2b.tmp"), "half-written");
    expect(await createFsPromptStore(dir).list()).toEqual([]);
  });

  it.each([
    "../escape",
    "..",
    "a/../../escape",
    "/etc/passwd",
    "..\\escape",
    "%2e%2e%2fescape",
    "a\u0000b",
    "",
    "Say-Means",
    "x".repeat(65),
  ])("refuses the id %j, so no path can leave the folder", async (id) => {
    const outside = join(dir, "data");
    const store = createFsPromptStore(outside);
    await expect(store.put({ id, kind: "custom", text: "x", updatedAt: at })).rejects.toMatchObject({
      code: "invalid_request",
    });
    await expect(store.get(id)).rejects.toMatchObject({ code: "invalid_request" });
    await expect(store.delete(id)).rejects.toMatchObject({ code: "invalid_request" });
    expect(await filesUnder(dir)).toEqual([]);
  });
});
