import { afterAll, describe, expect, it } from "vitest";
import { createPipelineHarness } from "../../test/helpers/pipeline-harness";
import { defaultResponder } from "../../test/llm-double/responders";
import { useLlmDouble } from "../../test/llm-double/use-llm-double";
import { buildExport } from "../exports/formats";
import { loadJobInsights, loadJobView } from "../jobs/job-view";
import { parseTranscript } from "../transcript";
import { composeSpeakerNames, renameInText, speakerMapping } from "../transcript/speakers";
import { renameJobSpeakers } from "./rename-speakers";

const double = useLlmDouble();
const harnesses: Array<{ close(): Promise<void> }> = [];
afterAll(async () => {
  await Promise.all(harnesses.map((h) => h.close()));
});

describe("the names in a model's text after a rename", () => {
  it("replaces labels whole and with their case, never a longer label or a word that is also a label", () => {
    const names = { "Speaker 1": "Alice", "Speaker 2": "Bob", PM: "Pat", A: "Ann", Carol: "Caroline Diaz" };
    expect(
      renameInText(
        "Speaker 1 agreed with Speaker 2; Speaker 10 did not. The PM and A said: Carol's plan, carols.",
        names,
      ),
    ).toBe("Alice agreed with Bob; Speaker 10 did not. The PM and A said: Caroline Diaz's plan, carols.");
    expect(renameInText("SPEAKER_00 spoke.", { SPEAKER_00: "Dana" })).toBe("Dana spoke.");
    expect(renameInText("unchanged", undefined)).toBe("unchanged");
  });

  it("composes a second rename with the first, from the names the model saw", () => {
    const transcript = { speakers: ["Speaker 1", "Speaker 2"] };
    const first = composeSpeakerNames(undefined, speakerMapping(transcript, { "Speaker 1": "Alice" }));
    expect(first).toEqual({ "Speaker 1": "Alice", "Speaker 2": "Speaker 2" });
    const second = composeSpeakerNames(
      first,
      speakerMapping(
        { speakers: ["Alice", "Speaker 2"] },
        { Alice: "Alice Moreau", "Speaker 2": "Alice Moreau" },
      ),
    );
    expect(second).toEqual({ "Speaker 1": "Alice Moreau", "Speaker 2": "Alice Moreau" });
  });
});

describe("renaming a finished meeting's speakers", () => {
  it("shows the analyzers' texts with the new names in views, exports and files, with no model call", async () => {
    const h = await createPipelineHarness({ OPENAI_BASE_URL: double().baseURL, OPENAI_MODEL: "gpt-5-nano" });
    harnesses.push(h);
    double().setResponder((req, i) => {
      const reply = defaultResponder(req, i);
      if (req.jsonSchema || !("text" in reply)) return reply;
      return { text: `${reply.text}\n\nSpeaker 1 proposed the budget; Speaker 2 doubted it.` };
    });
    const transcript = await parseTranscript(
      "Speaker 1: We should fix the budget today.\nSpeaker 2: I am not sure the budget can be fixed.\n",
      { format: "text" },
    );
    const { jobId, doc } = await h.run(transcript, { selected: { stageA: ["say-means"] } });
    expect(doc.status).toBe("completed");
    const calls = double().requests.length;

    const deps = { ...h.deps, meetings: h.meetings };
    await renameJobSpeakers(jobId, { "Speaker 1": "Alice" }, deps);
    await renameJobSpeakers(jobId, { Alice: "Alice Moreau", "Speaker 2": "Bob Tan" }, deps);

    const view = await loadJobView(jobId, h.deps.store, h.deps.vault);
    const text = view.outputs.find((o) => o.id === "say-means")!.text;
    expect(text).toContain("Alice Moreau proposed the budget; Bob Tan doubted it.");
    expect(text).not.toMatch(/Speaker [12]/);
    const md = (await buildExport(jobId, "md", h.deps)).body as string;
    expect(md).toContain("Alice Moreau proposed the budget");
    expect(await h.file(jobId, "stage-a/say-means.md")).toContain("Bob Tan doubted it");
    // The stored insights, as /api/insights reads them, name the speakers as they are now.
    const speakers = (await loadJobInsights(jobId, h.deps.store)).report.items.flatMap(
      (i) => i.evidence.speakers,
    );
    expect(speakers.length).toBeGreaterThan(0);
    expect(speakers.every((s) => s === "Alice Moreau" || s === "Bob Tan")).toBe(true);
    expect(double().requests.length).toBe(calls);
  });
});
