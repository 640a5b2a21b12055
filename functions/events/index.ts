import type { Context, Next } from "hono";
import { streamSSE } from "hono/streaming";
import type { WSContext } from "hono/ws";
import { AppError, jobNotFound } from "../../core/errors";
import { isTerminalEvent } from "../../core/jobs/events";
import { isFinished } from "../../core/jobs/job";
import type { JobEvent } from "../../core/ports";
import { type AppEnv, createApp } from "../shared/app";
import type { FunctionDeps, HttpFunction } from "../shared/deps";
import { jobIdFrom } from "../shared/job-id";

const HEARTBEAT_MS = 15_000;

/**
 * A job's events, to that job's subscribers only: SSE at /api/jobs/:jobId/events (a reconnecting
 * client sends Last-Event-ID and gets what it missed; a late one gets the whole history) and a
 * WebSocket at /api/ws?jobId=. Both end after the job's last event.
 */
const events: HttpFunction = (deps) => {
  const app = createApp(deps);

  app.get("/api/jobs/:jobId/events", async (c) => {
    const jobId = jobIdFrom(c.req.param("jobId"));
    const record = await deps.store.record(jobId);
    if (!record) throw jobNotFound(jobId);
    const lastId = c.req.header("last-event-id") ?? c.req.query("lastEventId");
    return streamSSE(c, async (stream) => {
      let writes = Promise.resolve();
      const write = (fn: () => Promise<void>) => {
        writes = writes.then(fn).catch(() => {});
        return writes;
      };
      let finish: () => void = () => {};
      const finished = new Promise<void>((resolve) => {
        finish = resolve;
      });
      stream.onAbort(() => finish());
      await stream.write("retry: 3000\n\n");
      const stop = await deps.events.subscribe(jobId, lastId, (e: JobEvent) => {
        void write(() => stream.writeSSE({ id: e.id, event: e.type, data: JSON.stringify(e) }));
        if (isTerminalEvent(e.type)) void writes.then(finish);
      });
      // The job had ended (or stopped with its host) before this subscription: nothing more will come.
      if (isFinished(record.status) || record.status === "interrupted") void writes.then(finish);
      const heartbeat = setInterval(
        () => void write(async () => void (await stream.write(": keep-alive\n\n"))),
        HEARTBEAT_MS,
      );
      await finished;
      clearInterval(heartbeat);
      stop();
      await writes;
    });
  });

  app.get("/api/ws", checkJob(deps), websocket(deps));
  return app;
};

function checkJob(deps: FunctionDeps) {
  return async (c: Context<AppEnv>, next: Next) => {
    const jobId = jobIdFrom(c.req.query("jobId"));
    if (!(await deps.store.record(jobId))) throw jobNotFound(jobId);
    await next();
  };
}

function websocket(deps: FunctionDeps) {
  if (!deps.upgradeWebSocket) {
    return () => {
      throw new AppError(
        "not_found",
        "WebSockets are not available on this platform; use the SSE stream at /api/jobs/:jobId/events.",
      );
    };
  }
  return deps.upgradeWebSocket((c) => {
    const jobId = c.req.query("jobId")!;
    const lastId = c.req.query("lastEventId");
    let stop: (() => void) | undefined;
    let closed = false;
    return {
      onOpen: async (_event: Event, ws: WSContext) => {
        stop = await deps.events.subscribe(jobId, lastId, (e) => {
          if (closed) return;
          ws.send(JSON.stringify(e));
          if (isTerminalEvent(e.type)) ws.close(1000, "job finished");
        });
        if (closed) stop();
      },
      onClose: () => {
        closed = true;
        stop?.();
      },
    };
  });
}

export default events;
