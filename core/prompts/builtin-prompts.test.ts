import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { composeMessages } from "./compose-messages";
import { parsePromptFile } from "./parse-prompt-file";
import type { PromptDefinition } from "./prompt-definition";
import { STAGE_FOLDERS } from "./variables";

// The shipped prompt files, read the way a deployment reads them.
const PROMPTS_DIR = new URL("../../prompts/", import.meta.url);
const files = Object.values(STAGE_FOLDERS).flatMap((folder) =>
  readdirSync(new URL(`${folder}/`, PROMPTS_DIR))
    .filter((name) => name.endsWith(".md"))
    .map((name) => ({ folder, name, text: readFileSync(new URL(`${folder}/${name}`, PROMPTS_DIR), "utf8") })),
);
const definitions = files.map((f) => ({ ...f, def: parsePromptFile(f.text, `${f.folder}/${f.name}`) }));
const analyzers = definitions.filter(({ def }) => def.stage !== "system");
const byId = new Map(definitions.map(({ def }) => [def.id, def]));

const EXPECTED = {
  A: [
    "looping",
    "pennebaker",
    "perspective-perception",
    "postulate-theorem",
    "power-dynamics",
    "premises-assertions",
    "say-means",
    "soul",
    "spin",
  ],
  B: ["competing-hypotheses", "determining-factors", "first-principles", "patentability", "spin-synthesis"],
  final: ["composite-note", "executive-summary", "insightful-article", "meeting-notes", "what-should-i-ask"],
  system: ["analyst", "insights", "reduce", "transcript-summary"],
};

const ids = (stage: string) =>
  definitions
    .filter(({ def }) => def.stage === stage)
    .map(({ def }) => def.id)
    .sort();

// Every value the pipeline can supply, so a render fails only on a prompt's own mistakes.
const FULL_VALUES = {
  title: "Kick-off",
  date: "2024-05-02",
  speakers: "Ann, Bo",
  segment_count: "2",
  duration: "25 min",
  computed: "Ann: 60% of words",
  linguistic_profile: '{"Ann": {"words": 120, "i": 0.05}}',
  chunk_note: "This is part 1 of 2, seg-1 to seg-1.",
  analyzer_name: "Say / Means",
  analyzer_instructions: "## Summary",
};
const BLOCKS = {
  transcript: "[seg-1] Ann: We ship Friday.\n\n[seg-2] Bo: Agreed.",
  context: "## Say / Means\n…",
};
const jobFor = (def: PromptDefinition) => ({
  system: byId.get("analyst")?.body ?? "",
  blocks:
    def.stage === "A" ? { transcript: BLOCKS.transcript } : def.id === "reduce" ? { partials: "…" } : BLOCKS,
  values: FULL_VALUES,
});

const words = (text: string) => text.split(/\s+/).filter(Boolean).length;

describe("built-in prompts", () => {
  it("are the 19 analyzers and 4 system prompts, in the folder of their stage", () => {
    for (const [stage, expected] of Object.entries(EXPECTED)) expect(ids(stage)).toEqual(expected);
    for (const { folder, def } of definitions) expect(folder).toBe(STAGE_FOLDERS[def.stage]);
  });

  it("have unique ids equal to their file names", () => {
    expect(new Set(definitions.map(({ def }) => def.id)).size).toBe(definitions.length);
    for (const { name, def } of definitions) expect(`${def.id}.md`).toBe(name);
  });

  it.each(analyzers.map(({ def }) => [def.id, def] as const))(
    "%s asks for cited, exact, grounded output in fixed sections",
    (_id, def) => {
      expect(def.body).toContain("[seg-12]");
      expect(def.body).toContain("[seg-12, seg-15]");
      expect(def.body).toContain('"Not supported by the transcript"');
      expect(def.body).toMatch(/[Qq]uote sparingly and exactly/);
      expect(def.body).toMatch(/observation .*apart from inference/i);
      expect(def.body.match(/^## \S/gm)?.length ?? 0).toBeGreaterThanOrEqual(4);
      expect(words(def.body)).toBeGreaterThanOrEqual(250);
      expect(words(def.body)).toBeLessThanOrEqual(700);
      expect(def.description.length).toBeLessThanOrEqual(200);
    },
  );

  it("need the transcript in Stage A and the context in Stage B and Final", () => {
    for (const { def } of analyzers) {
      expect(def.requires).toEqual(def.stage === "A" ? ["transcript"] : ["context"]);
      if (def.stage !== "A") expect(def.optional).toEqual(["transcript"]);
    }
  });

  it("render with the values a job supplies, and all analyzers of a stage share the first two messages", () => {
    for (const stage of ["A", "B", "final"] as const) {
      const composed = analyzers
        .filter(({ def }) => def.stage === stage)
        .map(({ def }) => composeMessages(def, jobFor(def)));
      for (const messages of composed) {
        expect(messages).toHaveLength(3);
        expect(messages.slice(0, 2)).toEqual(composed[0]?.slice(0, 2));
        expect(messages[2]?.content).not.toContain("{{");
      }
    }
  });

  it("use the computed profile in pennebaker and the computed statistics where questions and talk time matter", () => {
    expect(byId.get("pennebaker")?.variables).toContain("linguistic_profile");
    expect(byId.get("power-dynamics")?.variables).toContain("computed");
    expect(byId.get("spin")?.variables).toContain("computed");
  });

  it("keep the analyst system message free of variables, so every call shares it", () => {
    const analyst = byId.get("analyst");
    expect(analyst?.variables).toEqual([]);
    expect(analyst?.requires).toEqual([]);
    expect(analyst?.body).not.toContain("{{");
    expect(analyst?.body).toContain("[seg-12]");
    expect(analyst?.body).toContain("Not supported by the transcript");
    expect(analyst?.body).toMatch(/output language named at the end/);
  });

  it("give the pipeline prompts the inputs they merge, summarize and extract from", () => {
    expect(byId.get("reduce")).toMatchObject({
      requires: ["partials"],
      variables: ["analyzer_name", "analyzer_instructions"],
    });
    expect(byId.get("transcript-summary")?.requires).toEqual(["transcript"]);
    expect(byId.get("insights")).toMatchObject({
      output: "json",
      schema: "insights",
      requires: ["transcript"],
      optional: ["context"],
    });
    expect(byId.get("insights")?.variables).toContain("date");
    for (const { def } of definitions.filter(({ def }) => def.stage === "system" && def.id !== "analyst")) {
      const rendered = composeMessages(def, jobFor(def)).at(-1)?.content ?? "";
      expect(rendered).toMatch(/seg-12/);
    }
  });
});
