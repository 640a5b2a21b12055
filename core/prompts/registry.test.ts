import { describe, expect, it } from "vitest";
import { AppError, TemplateError } from "../errors";
import { createMemoryPromptStore } from "./memory-store";
import { createPromptRegistry } from "./registry";
import type { PromptFileSource } from "./store";

const file = (id: string, stage: string, body: string, extra = "") =>
  [
    "---",
    `id: ${id}`,
    `name: ${id} name`,
    `stage: ${stage}`,
    `description: The ${id} analyzer.`,
    stage === "A" ? "requires: [transcript]" : stage === "system" ? "requires: []" : "requires: [context]",
    extra,
    "---",
    body,
    "",
  ].join("\n");

const BUILTINS = [
  { path: "stage-a/say-means.md", text: file("say-means", "A", "Read {{ transcript }}. Cite [seg-1].") },
  { path: "stage-a/looping.md", text: file("looping", "A", "Loop {{ transcript }}.") },
  { path: "final/meeting-notes.md", text: file("meeting-notes", "final", "Notes from {{ context }}.") },
  { path: "system/analyst.md", text: file("analyst", "system", "You are an analyst.") },
];

const source = (files = BUILTINS): PromptFileSource => ({ list: async () => files });

function setup(files = BUILTINS) {
  const store = createMemoryPromptStore();
  const registry = createPromptRegistry({
    builtins: source(files),
    store,
    now: () => new Date("2024-05-02T10:00:00Z"),
  });
  return { store, registry };
}

const edited = (text: string) => text.replace(/Cite \[seg-1\]\./, "Cite [seg-1] and quote exactly.");
const SAY_MEANS = BUILTINS[0]!.text;
const CUSTOM = file("risk-radar", "B", "Find risks in {{ context }}.");

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error("expected a rejection");
}

describe("createPromptRegistry", () => {
  it("lists built-ins by stage, unedited", async () => {
    const { registry } = setup();
    const all = await registry.list();
    expect(all.map((p) => p.id)).toEqual(["looping", "say-means", "meeting-notes", "analyst"]);
    expect(all.every((p) => p.builtin && !p.edited)).toBe(true);
    expect((await registry.list("A")).map((p) => p.id)).toEqual(["looping", "say-means"]);
  });

  it("applies an edit everywhere until it is reset", async () => {
    const { registry } = setup();
    const saved = await registry.edit("say-means", edited(SAY_MEANS));
    expect(saved).toMatchObject({
      id: "say-means",
      builtin: true,
      edited: true,
      updatedAt: "2024-05-02T10:00:00.000Z",
    });
    expect((await registry.get("say-means")).body).toContain("quote exactly");
    expect((await registry.list("A")).find((p) => p.id === "say-means")?.edited).toBe(true);
    expect((await registry.getBuiltin("say-means")).body).not.toContain("quote exactly");

    const reset = await registry.reset("say-means");
    expect(reset).toMatchObject({ edited: false, text: SAY_MEANS });
    expect((await registry.get("say-means")).edited).toBe(false);
  });

  it("treats saving the built-in text again as a reset", async () => {
    const { registry, store } = setup();
    await registry.edit("say-means", edited(SAY_MEANS));
    expect((await registry.edit("say-means", SAY_MEANS.replace(/\n/g, "\r\n"))).edited).toBe(false);
    expect(await store.list()).toEqual([]);
  });

  it("refuses an edit that changes the id or the stage, or does not validate", async () => {
    const { registry } = setup();
    const otherId = SAY_MEANS.replace("id: say-means", "id: say-more");
    expect((await rejection(registry.edit("say-means", otherId))).message).toMatch(/the id cannot change/);
    const otherStage = SAY_MEANS.replace("stage: A", "stage: final")
      .replace("[transcript]", "[context]")
      .replace("{{ transcript }}", "{{ context }}");
    expect((await rejection(registry.edit("say-means", otherStage))).message).toMatch(
      /the stage cannot change/,
    );
    const bad = await rejection(registry.edit("say-means", SAY_MEANS.replace("Read", "{% if x %}")));
    expect(bad).toBeInstanceOf(TemplateError);
    expect((await registry.get("say-means")).edited).toBe(false);
  });

  it("refuses an edit that names a variable or block its step never gives, naming it, and keeps the prompt", async () => {
    const insights = file(
      "insights",
      "system",
      "Extract from {{ transcript }} on {{ date }}.",
      "variables: [date]",
    ).replace("requires: []", "requires: [transcript]");
    const { registry } = setup([...BUILTINS, { path: "system/insights.md", text: insights }]);
    const noValue = insights
      .replace("variables: [date]", "variables: [date, analyzer_name]")
      .replace("{{ date }}.", "{{ date }} by {{ analyzer_name }}.");
    const refused = await rejection(registry.edit("insights", noValue));
    expect(refused).toBeInstanceOf(TemplateError);
    expect(refused.message).toMatch(/the variable "analyzer_name" has no value when "insights" runs/);
    expect(refused.details).toMatchObject({ name: "analyzer_name" });
    const noBlock = insights.replace("requires: [transcript]", "requires: [transcript, partials]");
    expect((await rejection(registry.edit("insights", noBlock))).message).toMatch(
      /the block "partials" is never given/,
    );
    expect((await registry.get("insights")).edited).toBe(false);
    // Variables the step does give are fine.
    expect(
      (
        await registry.edit(
          "insights",
          insights.replace("{{ date }}.", "{{ date }}, {{ title }}.").replace("[date]", "[date, title]"),
        )
      ).edited,
    ).toBe(true);
  });

  it("resets all edits but keeps custom analyzers", async () => {
    const { registry } = setup();
    await registry.edit("say-means", edited(SAY_MEANS));
    await registry.createCustom(CUSTOM);
    await registry.resetAll();
    const all = await registry.list();
    expect(all.filter((p) => p.edited)).toEqual([]);
    expect(all.find((p) => p.id === "risk-radar")).toMatchObject({ builtin: false, stage: "B" });
  });

  it("creates, updates and deletes a custom analyzer", async () => {
    const { registry } = setup();
    expect(await registry.createCustom(CUSTOM)).toMatchObject({
      id: "risk-radar",
      builtin: false,
      edited: false,
    });
    expect((await registry.list("B")).map((p) => p.id)).toEqual(["risk-radar"]);

    await registry.updateCustom("risk-radar", CUSTOM.replace("Find risks", "Rank risks"));
    expect((await registry.get("risk-radar")).body).toBe("Rank risks in {{ context }}.");
    await registry.edit("risk-radar", CUSTOM.replace("Find risks", "List risks"));
    expect((await registry.get("risk-radar")).body).toBe("List risks in {{ context }}.");

    await registry.deleteCustom("risk-radar");
    expect((await rejection(registry.get("risk-radar"))).code).toBe("not_found");
  });

  it("refuses a custom analyzer whose id is taken, or that is a system prompt", async () => {
    const { registry } = setup();
    expect((await rejection(registry.createCustom(SAY_MEANS))).code).toBe("conflict");
    await registry.createCustom(CUSTOM);
    expect((await rejection(registry.createCustom(CUSTOM))).code).toBe("conflict");
    const system = file("my-system", "system", "Be brief.");
    expect((await rejection(registry.createCustom(system))).message).toMatch(/stage A, B or final/);
  });

  it("protects built-ins from deletion and replacement", async () => {
    const { registry } = setup();
    expect((await rejection(registry.deleteCustom("say-means"))).code).toBe("forbidden");
    expect((await rejection(registry.updateCustom("say-means", SAY_MEANS))).code).toBe("forbidden");
    expect((await registry.get("say-means")).builtin).toBe(true);
  });

  it("answers not_found for unknown ids", async () => {
    const { registry } = setup();
    for (const call of [
      registry.get("nope"),
      registry.getBuiltin("nope"),
      registry.edit("nope", CUSTOM),
      registry.reset("nope"),
      registry.updateCustom("nope", CUSTOM),
      registry.deleteCustom("nope"),
    ]) {
      expect((await rejection(call)).code).toBe("not_found");
    }
  });

  it("falls back to the built-in when a saved edit no longer validates, and says why", async () => {
    const { registry, store } = setup();
    await store.put({
      id: "say-means",
      kind: "override",
      text: "no front matter",
      updatedAt: "2024-05-02T10:00:00.000Z",
    });
    const entry = await registry.get("say-means");
    expect(entry).toMatchObject({ edited: false, text: SAY_MEANS });
    expect(entry.problem).toMatch(/the saved edit is not used: .*front matter/);
  });

  it("refuses built-in files whose stage does not match their folder, or whose ids repeat", async () => {
    const wrongFolder = [{ path: "stage-b/say-means.md", text: SAY_MEANS }];
    expect((await rejection(setup(wrongFolder).registry.list())).message).toMatch(
      /does not match its folder stage-b/,
    );
    const dup = [BUILTINS[0]!, { path: "stage-a/say-means.md", text: SAY_MEANS }];
    expect((await rejection(setup(dup).registry.list())).message).toMatch(/used twice/);
  });
});
