import * as v from "valibot";
import { createApp } from "../shared/app";
import type { HttpFunction } from "../shared/deps";
import { authorizeJob, jobOwnerOnly } from "../shared/job-access";
import { jobIdFrom } from "../shared/job-id";
import { validate } from "../shared/validate";
import { createShareLink, describeLink, revokeShareLink } from "./model";

/** The body of POST …/shares, all optional: no body (or {}) makes a link that lasts until revoked. */
const NewShareSchema = v.strictObject({
  expiresInDays: v.optional(
    v.pipe(
      v.number("expiresInDays is a number of days"),
      v.integer("expiresInDays is a whole number of days"),
      v.minValue(1, "expiresInDays is at least 1"),
      v.maxValue(3650, "expiresInDays is at most 3650 (ten years)"),
    ),
  ),
});

const ShareParamSchema = v.object({
  jobId: v.string(),
  shareId: v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/, "shareId is the id of one of the job's links")),
});

/**
 * Read-only share links of a job, for its owner only: make one (the token is shown once), list
 * them, revoke one. Whoever holds a link may read the job (status, results, insights, events,
 * files, exports) and nothing else.
 */
const shares: HttpFunction = (deps) => {
  const app = createApp(deps);

  app.post("/api/jobs/:jobId/shares", jobOwnerOnly(deps), validate("json", NewShareSchema), async (c) => {
    const record = await authorizeJob(c, deps, jobIdFrom(c.req.param("jobId")), "owner");
    const body = c.req.valid("json");
    const share = await createShareLink(deps.shares, record, {
      expiresInDays: body.expiresInDays,
      now: deps.now?.() ?? new Date(),
    });
    deps.log.info(
      { jobId: record.jobId, requestId: c.get("requestId"), share: share.id.slice(0, 12) },
      "share link made",
    );
    return c.json({ ok: true, share }, 201);
  });

  app.get("/api/jobs/:jobId/shares", async (c) => {
    const record = await authorizeJob(c, deps, jobIdFrom(c.req.param("jobId")), "owner");
    return c.json({ ok: true, shares: (await deps.shares.list(record.jobId)).map(describeLink) });
  });

  app.delete("/api/jobs/:jobId/shares/:shareId", validate("param", ShareParamSchema), async (c) => {
    const { shareId } = c.req.valid("param");
    const record = await authorizeJob(c, deps, jobIdFrom(c.req.param("jobId")), "owner");
    await revokeShareLink(deps.shares, record.jobId, shareId);
    deps.log.info(
      { jobId: record.jobId, requestId: c.get("requestId"), share: shareId.slice(0, 12) },
      "share link revoked",
    );
    return c.json({ ok: true, revoked: shareId });
  });

  return app;
};

export default shares;
