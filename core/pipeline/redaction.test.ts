import { afterAll, describe, expect, it } from "vitest";
import { createSqlMeetingEditor } from "../../infra/adapters/sql/sql-meeting-editor";
import { sharedTestDatabase } from "../../test/helpers/databases";
import { createPipelineHarness } from "../../test/helpers/pipeline-harness";
import { defaultResponder } from "../../test/llm-double/responders";
import { useLlmDouble } from "../../test/llm-double/use-llm-double";
import { buildExport } from "../exports/formats";
import { loadJobFiles } from "../exports/job-files";
import { loadJobView } from "../jobs/job-view";
import { parseTranscript } from "../transcript";
import { renameJobSpeakers } from "./rename-speakers";

const double = useLlmDouble();
const harnesses: Array<{ close(): Promise<void> }> = [];
afterAll(async () => {
  await Promise.all(harnesses.map((h) => h.close()));
});

const TEXT = [
  "Anna Schmidt: Please send the contract to anna.schmidt@example.com or call me on +49 30 1234567.",
  "Ben Okafor: Will do. The refund goes to IBAN DE89 3704 0044 0532 0130 00 by Friday.",
  "Anna Schmidt: Use the card 4111 1111 1111 1111 for the deposit, Ben.",
  "Ben Okafor: Agreed, and Dr. Weber signs off on the budget.",
].join("\n");
const SECRETS = [
  "anna.schmidt@example.com",
  "+49 30 1234567",
  "DE89 3704 0044 0532 0130 00",
  "4111 1111 1111 1111",
  "Anna",
  "Schmidt",
  "Okafor",
  "Weber",
];

describe("redaction before anything goes to a model", () => {
  it("sends the model placeholders only, and shows the user the real values in outputs, files, insights and exports", async () => {
    const h = await createPipelineHarness({ OPENAI_BASE_URL: double().baseURL, OPENAI_MODEL: "gpt-5-nano" });
    harnesses.push(h);
    // Markdown answers repeat the placeholders they were given, as a model writing about them would.
    double().setResponder((req, i) => {
      const reply = defaultResponder(req, i);
      if (req.jsonSchema || !("text" in reply)) return reply;
      const block = req.messages[1]?.content ?? "";
      const seen = [...new Set(block.match(/\[[A-Z]+_\d+\]/g) ?? [])];
      return { text: `${reply.text}\n\nMentioned: ${seen.join(", ")}` };
    });
    const transcript = await parseTranscript(TEXT, { format: "text" });
    const { jobId, doc } = await h.run(transcript, {
      selected: { stageA: ["say-means"], final: ["meeting-notes"] },
      options: { redact: "names" },
    });
    expect(doc.status).toBe("completed");

    const sent = double().requests.map((r) => JSON.stringify(r.body));
    expect(sent.length).toBeGreaterThanOrEqual(4);
    for (const body of sent) for (const secret of SECRETS) expect(body).not.toContain(secret);
    expect(sent[0]).toContain("[EMAIL_1]");
    expect(sent[0]).toContain("[PERSON_1]");

    const view = await loadJobView(jobId, h.deps.store, h.deps.vault);
    const sayMeans = view.outputs.find((o) => o.id === "say-means")!.text;
    expect(sayMeans).toContain("anna.schmidt@example.com");
    expect(sayMeans).toContain("Anna Schmidt");
    expect(sayMeans).not.toMatch(/\[(EMAIL|PERSON|IBAN|CARD|PHONE)_\d+\]/);
    expect(await h.file(jobId, "stage-a/say-means.md")).toContain("+49 30 1234567");

    // The model's items cited the redacted text; restored, they verify against the real one.
    const fromModel = view.insights.report.items.filter((i) => i.source !== "heuristic");
    expect(fromModel.length).toBeGreaterThan(0);
    for (const item of fromModel) expect(item.verified).toBe(true);
    const quotes = fromModel.flatMap((i) => i.evidence.quotes).join(" ");
    expect(quotes).not.toMatch(/\[(EMAIL|PERSON|IBAN|CARD|PHONE)_\d+\]/);
    expect(view.insights.report.items.flatMap((i) => i.evidence.speakers)).toContain("Anna Schmidt");

    // The files the job-file route and the zip serve are made from the store: the same real values
    // as the files the pipeline wrote.
    const { files } = await loadJobFiles(jobId, h.deps.store, h.deps.vault);
    for (const path of [
      "transcript.md",
      "stage-a/say-means.md",
      "final/insights.md",
      "final/insights.json",
    ]) {
      const file = files.find((f) => f.path === path);
      expect(file?.content, path).toBe(await h.file(jobId, path));
    }
    expect(files.find((f) => f.path === "transcript.md")?.content).toContain("anna.schmidt@example.com");

    const md = (await buildExport(jobId, "md", h.deps)).body as string;
    expect(md).toContain("DE89 3704 0044 0532 0130 00");
    // The mapping is sealed at rest: the stored prepared input holds no real value in it.
    const prepared = (await h.deps.store.result(jobId, "prepared"))!;
    expect(JSON.parse(prepared).redaction.sealedMapping).not.toContain("example.com");
  });

  it("keeps redacting a job whose speakers were renamed: the stored text for models has placeholders only", async () => {
    const h = await createPipelineHarness({ OPENAI_BASE_URL: double().baseURL, OPENAI_MODEL: "gpt-5-nano" });
    harnesses.push(h);
    const transcript = await parseTranscript(TEXT, { format: "text" });
    const { jobId } = await h.run(transcript, {
      selected: { stageA: ["say-means"] },
      options: { redact: "names" },
    });
    const db = await sharedTestDatabase();
    await renameJobSpeakers(
      jobId,
      { "Ben Okafor": "Benedict Okafor" },
      { ...h.deps, meetings: createSqlMeetingEditor(db) },
    );

    const { rows } = await db.query<{ value: string }>(
      "SELECT value FROM job_results WHERE job_id = $1 AND key = 'prepared'",
      [jobId],
    );
    const prepared = JSON.parse(rows[0]!.value);
    expect(prepared.redaction.sealedMapping).not.toContain("example.com");
    for (const secret of [...SECRETS, "Benedict"]) expect(prepared.transcriptText).not.toContain(secret);
    // The job's own transcript file shows the real values and the new name.
    const file = await h.file(jobId, "transcript.md");
    expect(file).toContain("anna.schmidt@example.com");
    expect(file).toContain("Benedict Okafor");
  });
});
