import { afterAll, describe, expect, it } from "vitest";
import { createPipelineHarness, fixtureTranscript } from "../../test/helpers/pipeline-harness";
import { useLlmDouble } from "../../test/llm-double/use-llm-double";
import { markdownExport } from "../exports/markdown";
import { loadJobView } from "../jobs/job-view";
import { parseTranscript } from "../transcript";

const double = useLlmDouble();
const harnesses: Array<{ close(): Promise<void> }> = [];
afterAll(async () => {
  await Promise.all(harnesses.map((h) => h.close()));
});
async function harness() {
  const h = await createPipelineHarness({ OPENAI_BASE_URL: double().baseURL, OPENAI_MODEL: "gpt-5-nano" });
  harnesses.push(h);
  return h;
}

const GERMAN = [
  "Anna: Guten Morgen zusammen, heute müssen wir über das Budget für das nächste Quartal sprechen.",
  "Ben: Ich schicke euch die überarbeitete Kalkulation bis Freitag, dann können wir entscheiden.",
  "Anna: Gut, dann halten wir fest, dass der Start auf Montag verschoben wird.",
  "Ben: Das Risiko ist, dass der Lieferant die Frist nicht einhält.",
].join("\n");
const SMALL = { stageA: ["say-means"], final: ["meeting-notes"] };

describe("the output language", () => {
  it("is the transcript's own by default: every call is told to write German, and the files are headed in German", async () => {
    const h = await harness();
    const { jobId, doc } = await h.run(await parseTranscript(GERMAN, { format: "text" }), {
      selected: SMALL,
    });
    expect(doc.status).toBe("completed");
    expect(doc.language).toBe("de");
    const requests = double().requests;
    expect(requests.length).toBeGreaterThanOrEqual(4);
    for (const r of requests)
      expect(r.messages[0]!.content).toContain("Write everything you produce in German (de)");
    // One system message for every call, so the cached prefix stays shared.
    expect(new Set(requests.map((r) => r.messages[0]!.content)).size).toBe(1);
    expect(await h.file(jobId, "final/insights.md")).toMatch(/^# Erkenntnisse/);
    const md = markdownExport(await loadJobView(jobId, h.deps.store));
    expect(md).toContain("## Sprecher");
    expect(md).toContain("## Verbrauch und Kosten");
  });

  it("is the one the request asks for, whatever the transcript's: French for an English meeting", async () => {
    const h = await harness();
    const meeting = await fixtureTranscript("ES2002a.vtt");
    const { jobId, doc } = await h.run(meeting, { selected: SMALL, options: { language: "fr" } });
    expect(doc.language).toBe("fr");
    for (const r of double().requests) {
      expect(r.messages[0]!.content).toContain("Write everything you produce in French (fr)");
      expect(r.messages[0]!.content).toMatch(
        /Quotations stay exactly as spoken, in the transcript's own language/,
      );
    }
    const md = markdownExport(await loadJobView(jobId, h.deps.store));
    expect(md).toContain("## Intervenants");
    expect(md).toContain("### Finale: Meeting Notes");
  });
});
