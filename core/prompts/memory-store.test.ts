import { describe, expect, it } from "vitest";
import { createMemoryPromptStore } from "./memory-store";
import type { StoredPrompt } from "./store";

const at = "2024-05-02T10:00:00.000Z";
const prompt = (id: string, kind: StoredPrompt["kind"], text = `text of ${id}`): StoredPrompt => ({
  id,
  kind,
  text,
  updatedAt: at,
});

describe("createMemoryPromptStore", () => {
  it("saves, lists by id, replaces and deletes prompts", async () => {
    const store = createMemoryPromptStore();
    await store.put(prompt("zeta", "custom"));
    await store.put(prompt("alpha", "override"));
    expect((await store.list()).map((p) => p.id)).toEqual(["alpha", "zeta"]);

    await store.put(prompt("alpha", "override", "new text"));
    expect(await store.get("alpha")).toEqual(prompt("alpha", "override", "new text"));
    expect(await store.delete("alpha")).toBe(true);
    expect(await store.delete("alpha")).toBe(false);
    expect(await store.get("alpha")).toBeUndefined();
  });

  it("clears one kind or everything", async () => {
    const store = createMemoryPromptStore([prompt("a", "override"), prompt("b", "custom")]);
    await store.clear("override");
    expect((await store.list()).map((p) => p.id)).toEqual(["b"]);
    await store.clear();
    expect(await store.list()).toEqual([]);
  });

  it("refuses an invalid id and keeps what it stored safe from callers' mutation", async () => {
    const store = createMemoryPromptStore();
    await expect(store.put(prompt("../x", "custom"))).rejects.toMatchObject({ code: "invalid_request" });
    await store.put(prompt("a", "custom"));
    const got = await store.get("a");
    if (got) got.text = "changed";
    expect((await store.get("a"))?.text).toBe("text of a");
  });
});
