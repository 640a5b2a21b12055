import { createApp } from "../shared/app";
import type { HttpFunction } from "../shared/deps";
import { jobIdFrom } from "../shared/job-id";
import { contentTypeOf, downloadName, jobFilePath, readJobFile } from "./model";

/** One output file of a job, shown inline; never anything outside that job's folder. */
const jobFile: HttpFunction = (deps) => {
  const app = createApp(deps);
  app.get("/api/job-file", async (c) => {
    const jobId = jobIdFrom(c.req.query("jobId"));
    const path = jobFilePath(c.req.query("path"));
    const content = await readJobFile(jobId, path, deps.store);
    return c.body(content as string | Uint8Array<ArrayBuffer>, 200, {
      "Content-Type": contentTypeOf(path),
      "Content-Disposition": `inline; filename="${downloadName(path)}"`,
      "X-Content-Type-Options": "nosniff",
      "Cache-Control": "private, no-store",
    });
  });
  return app;
};

export default jobFile;
