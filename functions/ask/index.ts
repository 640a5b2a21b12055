import { randomUUID } from "node:crypto";
import type { Context } from "hono";
import { streamSSE } from "hono/streaming";
import { parseQuestion } from "../../core/ask/ask";
import { askAcross, askJob } from "../../core/ask/ask-job";
import type { AskTurn } from "../../core/ask/model";
import { type AppEnv, createApp } from "../shared/app";
import type { FunctionDeps, HttpFunction } from "../shared/deps";
import { authorizeJob, jobOwnerOnly } from "../shared/job-access";
import { jobIdFrom } from "../shared/job-id";
import { analystSystem, ownedMeetings, searchIndexOf } from "../shared/meetings";
import { validate } from "../shared/validate";
import { AskBodySchema, LibraryAskBodySchema } from "./model";

/**
 * Questions with cited answers: of one meeting (`/api/jobs/:jobId/ask`, kept in its thread, which
 * GET reads) or across the caller's meetings (`/api/ask`). With `Accept: text/event-stream` the answer
 * streams as SSE (`delta` events with text as it arrives, then `answer` with the checked turn);
 * otherwise one JSON answer. Without a model the answer is an extract found by search.
 */
const ask: HttpFunction = (deps) => {
  const app = createApp(deps);
  const askDeps = () => ({
    store: deps.store,
    llmFor: deps.llmFor,
    settings: deps.settings,
    ...(deps.now ? { now: deps.now } : {}),
    index: searchIndexOf(deps),
    ...(deps.threads ? { threads: deps.threads } : {}),
  });

  // The thread reads like the job's other pages (a share link too); asking is the owner's, checked
  // before the question is, so another caller learns nothing from a 400.
  app.get("/api/jobs/:jobId/ask", async (c) => {
    const jobId = jobIdFrom(c.req.param("jobId"));
    await authorizeJob(c, deps, jobId);
    return c.json({ ok: true, jobId, thread: (await deps.threads?.list(jobId)) ?? [] });
  });

  const ownerOnly = jobOwnerOnly(deps);
  app.post("/api/jobs/:jobId/ask", ownerOnly, validate("json", AskBodySchema), async (c) => {
    const jobId = jobIdFrom(c.req.param("jobId"));
    const question = parseQuestion(c.req.valid("json").question);
    const turnId = randomUUID();
    return respond(c, deps, (onDelta, signal) =>
      askJob({ jobId, owner: c.get("principal").owner, question, turnId }, askDeps(), {
        onDelta,
        signal,
      }),
    );
  });

  app.post("/api/ask", validate("json", LibraryAskBodySchema), async (c) => {
    const body = c.req.valid("json");
    const principal = c.get("principal");
    const question = parseQuestion(body.question);
    const meetings = body.meetings ? await ownedMeetings(deps, principal, body.meetings) : undefined;
    const system = await analystSystem(deps);
    const credentials = c.get("session")?.encryptedApiKey;
    return respond(c, deps, (onDelta, signal) =>
      askAcross(
        {
          owner: principal.owner,
          question,
          turnId: randomUUID(),
          system,
          model: deps.config.llm.model,
          ...(meetings ? { meetings } : {}),
          ...(credentials ? { credentials } : {}),
        },
        askDeps(),
        { onDelta, signal },
      ),
    );
  });
  return app;
};

/** SSE when the client asks for it (the UI), else the finished turn as JSON. */
function respond(
  c: Context<AppEnv>,
  deps: FunctionDeps,
  run: (onDelta: (text: string) => void, signal: AbortSignal) => Promise<AskTurn>,
) {
  const controller = new AbortController();
  if (!(c.req.header("accept") ?? "").includes("text/event-stream")) {
    // A model that failed: the error in the usual shape, with the turn (what arrived) beside it.
    return run(() => {}, controller.signal).then((turn) =>
      turn.error ? c.json({ ok: false, error: turn.error, turn }, 502) : c.json({ ok: true, turn }),
    );
  }
  return streamSSE(c, async (stream) => {
    stream.onAbort(() => controller.abort());
    let writes = Promise.resolve();
    const write = (event: string, data: unknown) => {
      writes = writes.then(() => stream.writeSSE({ event, data: JSON.stringify(data) })).catch(() => {});
      return writes;
    };
    try {
      const turn = await run((text) => void write("delta", { text }), controller.signal);
      await write("answer", { turn });
    } catch (e) {
      deps.log.warn({ err: e, requestId: c.get("requestId") }, "ask failed");
      await write("error", { error: { code: "internal", message: "The answer could not be made." } });
    }
    await writes;
  });
}

export default ask;
