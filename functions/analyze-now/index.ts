import * as v from "valibot";
import { transcriptSummary } from "../../core/jobs/job-view";
import { chooseLanguage } from "../../core/language/detect";
import { LanguageTagSchema, languageInstruction } from "../../core/language/language";
import { analyzeNow } from "../../core/pipeline/analyze-now";
import { cpuOf } from "../../core/pipeline/deps";
import { createApp } from "../shared/app";
import type { HttpFunction } from "../shared/deps";
import { limitAnalyses } from "../shared/rate-limit";
import { readTranscript, TranscriptSourceSchema } from "../shared/transcript-source";
import { validate } from "../shared/validate";

const AnalyzeNowSchema = v.intersect([
  TranscriptSourceSchema,
  v.object({ sayMeans: v.optional(v.boolean()), language: v.optional(LanguageTagSchema) }),
]);

/**
 * POST /api/analyze-now: the computed analyses at once, and say-means when a model is available
 * (the server's key or the session's own), without a job.
 */
const analyzeNowFunction: HttpFunction = (deps) => {
  const app = createApp(deps);
  app.post("/api/analyze-now", validate("json", AnalyzeNowSchema), async (c) => {
    const body = c.req.valid("json");
    const { transcript } = await readTranscript(body, c.get("principal").owner, deps);
    const credentials = c.get("session")?.encryptedApiKey;
    const wantsLlm = body.sayMeans !== false;
    const llm = wantsLlm ? deps.llmFor(credentials) : null;
    if (llm) await limitAnalyses(c, deps);
    const [sayMeans, reduce, analyst] = llm
      ? await Promise.all([
          deps.prompts.get("say-means"),
          deps.prompts.get("reduce"),
          deps.prompts.get("analyst"),
        ])
      : [undefined, undefined, undefined];
    const prepared = await cpuOf(deps).prepare(transcript, new Date().toISOString());
    const quick = await analyzeNow(transcript, prepared, {
      llm,
      model: deps.config.llm.models.stageA,
      settings: deps.settings,
      system: `${analyst?.body ?? ""}\n\n${languageInstruction(chooseLanguage(body.language, transcript))}`,
      ...(sayMeans ? { sayMeans } : {}),
      ...(reduce ? { reduce } : {}),
      signal: c.req.raw.signal,
    });
    return c.json({
      ok: true,
      transcript: transcriptSummary(transcript, "count"),
      computed: quick.computed,
      sayMeans: quick.sayMeans,
      llm: llm
        ? { used: true }
        : {
            used: false,
            reason: wantsLlm
              ? "No OpenAI API key or base URL is configured, and this session has no key of its own."
              : "Not requested.",
          },
    });
  });
  return app;
};

export default analyzeNowFunction;
