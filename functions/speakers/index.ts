import * as v from "valibot";
import { AppError } from "../../core/errors";
import { renameJobSpeakers } from "../../core/pipeline/rename-speakers";
import { createApp } from "../shared/app";
import type { HttpFunction } from "../shared/deps";
import { jobOwnerOnly } from "../shared/job-access";
import { jobIdFrom } from "../shared/job-id";
import { validate } from "../shared/validate";

const RenameBodySchema = v.object(
  { renames: v.unknown() },
  'send {"renames": {"Speaker 1": "Alice", "PM": "Project Manager"}}',
);

/**
 * Speakers by name on a finished meeting: PUT (or POST) `{renames: {old: new}}`; two speakers given
 * one name are merged. Names are checked (non-empty, no control characters, unique after the merge).
 * The meeting's views and exports read the new names at once; no model is called.
 */
const speakers: HttpFunction = (deps) => {
  const app = createApp(deps);
  const rename = validate("json", RenameBodySchema);
  const ownerOnly = jobOwnerOnly(deps);
  for (const method of ["put", "post"] as const) {
    app[method]("/api/jobs/:jobId/speakers", ownerOnly, rename, async (c) => {
      const jobId = jobIdFrom(c.req.param("jobId"));
      if (!deps.meetings) throw new AppError("store_unavailable", "This host cannot edit meetings.");
      const { mapping, speakers: names } = await renameJobSpeakers(jobId, c.req.valid("json").renames, {
        ...deps,
        meetings: deps.meetings,
      });
      return c.json({ ok: true, jobId, speakers: names, renamed: mapping.names, merged: mapping.merged });
    });
  }
  return app;
};

export default speakers;
