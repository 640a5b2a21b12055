import { buildExport } from "../../core/exports";
import { cpuOf } from "../../core/pipeline/deps";
import { createApp } from "../shared/app";
import type { HttpFunction } from "../shared/deps";
import { authorizeJob } from "../shared/job-access";
import { jobIdFrom } from "../shared/job-id";
import { downloadHeaders, exportFormatFrom } from "./model";

/** A job as a download: Markdown, JSON, CSV, an Obsidian note, or a zip of everything. */
const exportJob: HttpFunction = (deps) => {
  const app = createApp(deps);
  app.get("/api/jobs/:jobId/export", async (c) => {
    const jobId = jobIdFrom(c.req.param("jobId"));
    const format = exportFormatFrom(c.req.query("format"));
    await authorizeJob(c, deps, jobId);
    const file = await buildExport(jobId, format, deps, cpuOf(deps).renderExport);
    return c.body(file.body as string | Uint8Array<ArrayBuffer>, 200, downloadHeaders(file));
  });
  return app;
};

export default exportJob;
