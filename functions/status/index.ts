import { jobNotFound } from "../../core/errors";
import { createApp } from "../shared/app";
import type { HttpFunction } from "../shared/deps";
import { authorizeJob } from "../shared/job-access";
import { jobIdFrom } from "../shared/job-id";
import { ListCuts } from "../shared/lists";

/** The job's status document: per stage, per analyzer status, time, tokens, cost and errors. */
const status: HttpFunction = (deps) => {
  const app = createApp(deps);
  app.get("/api/status/:jobId", async (c) => {
    const jobId = jobIdFrom(c.req.param("jobId"));
    await authorizeJob(c, deps, jobId);
    const doc = await deps.store.get(jobId);
    if (!doc) throw jobNotFound(jobId);
    const { owner: _owner, ...shown } = doc;
    const cuts = new ListCuts();
    const source = {
      ...doc.source,
      speakers: cuts.list("source.speakers", doc.source.speakers),
      speakerCount: doc.source.speakers.length,
    };
    return c.json({ ok: true, ...shown, source, ...cuts.answer() });
  });
  return app;
};

export default status;
