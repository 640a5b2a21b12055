import { assembleDocument } from "../jobs/document";
import type { AnalyzerState, JobDocument } from "../jobs/job";
import { addUsage, type Totals, ZERO_USAGE } from "../llm/usage";
import { nowIso, type PipelineDeps } from "./deps";
import { emit } from "./emit";
import { loadJob } from "./load-job";

/**
 * The last step: totals, `job.json`, the `COMPLETED` marker (a reader that sees it knows every
 * other file is complete), and only then the final status in the store and its event: a job
 * never says `completed` before everything that promises exists, and a write that fails leaves it
 * running for the queue's retry or the failure handler to end. A job with prompt analyzers of
 * which none succeeded ends in `error`; otherwise `completed`, with any failures listed.
 */
export async function finalizeStep(task: { jobId: string }, deps: PipelineDeps): Promise<JobDocument> {
  const { jobId } = task;
  const { record, input } = await loadJob(jobId, deps);
  const states = Object.entries(await deps.store.analyzers(jobId));
  const totals = totalsOf(states.map(([, s]) => s));
  const planned = states.filter(([key]) => /^(A|B|final)\./.test(key)).map(([, s]) => s);
  const errors = states
    .filter(([, s]) => s.status === "error" && s.error)
    .map(([key, s]) => ({ analyzer: key, code: s.error!.code, message: s.error!.message }));

  const nothingUseful =
    input.plan.llm.enabled && planned.length > 0 && !planned.some((s) => s.status === "completed");
  const status = record.status === "cancelled" ? "cancelled" : nothingUseful ? "error" : "completed";
  const finishedAt = nowIso(deps);
  const fields = {
    status,
    finishedAt,
    updatedAt: finishedAt,
    stage: "finalize" as const,
    totals,
    errors,
    ...(nothingUseful
      ? {
          error: {
            code: errors[0]?.code ?? "internal",
            message:
              "No prompt analyzer succeeded; the computed analyses and keyword-rule insights are still available.",
          },
        }
      : {}),
  } satisfies Partial<JobDocument>;
  const doc = assembleDocument({ ...record, ...fields }, Object.fromEntries(states));
  await deps.artifacts.write(jobId, "job.json", JSON.stringify(doc, null, 2));
  await deps.artifacts.write(jobId, "COMPLETED", `${finishedAt}\n`);
  await deps.store.patch(jobId, fields);
  const started = Date.parse(record.createdAt);
  const data = { totals, durationMs: Date.parse(finishedAt) - started, errors: errors.length };
  if (status === "error") await emit(deps, jobId, "job.error", { status, ...data, error: doc.error! });
  else if (status === "cancelled") await emit(deps, jobId, "job.cancelled", { status, ...data });
  else await emit(deps, jobId, "job.completed", { status, ...data });
  return doc;
}

export function totalsOf(states: AnalyzerState[]): Totals {
  let usage = ZERO_USAGE;
  let costUsd = 0;
  let unpricedCalls = 0;
  let calls = 0;
  for (const s of states) {
    if (!s.usage) continue;
    usage = addUsage(usage, s.usage);
    calls += s.calls ?? 1;
    if (s.costUsd === null) unpricedCalls += s.calls ?? 1;
    else costUsd += s.costUsd ?? 0;
  }
  return { usage, costUsd, unpricedCalls, calls };
}
