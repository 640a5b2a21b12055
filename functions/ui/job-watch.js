/**
 * A job's live events: the SSE stream (the browser reconnects with Last-Event-ID and the server
 * replays what was missed), falling back to polling the status every 2 s when the stream fails.
 */
import { api } from "./api.js";

const EVENT_TYPES = [
  "job.queued",
  "job.started",
  "analyzer.started",
  "analyzer.completed",
  "analyzer.error",
  "stage.completed",
  "insights.updated",
  "job.completed",
  "job.error",
  "job.cancelled",
];
export const TERMINAL = new Set(["completed", "error", "cancelled"]);
const POLL_MS = 2000;
/** Failed connections in a row before the stream is given up for polling. */
const MAX_STREAM_FAILURES = 3;

export function watchJob(jobId, { onEvent, onStatus, onPolling }) {
  let source = null;
  let timer = 0;
  let stopped = false;
  let failures = 0;
  let opened = false;
  const seen = new Set();

  const handle = (message) => {
    let event;
    try {
      event = JSON.parse(message.data);
    } catch {
      return;
    }
    const id = event.id ?? message.lastEventId;
    if (id) {
      if (seen.has(id)) return;
      seen.add(id);
    }
    onEvent(event);
  };

  function stream() {
    source = new EventSource(`/api/jobs/${encodeURIComponent(jobId)}/events`);
    source.onopen = () => {
      opened = true;
      failures = 0;
    };
    source.onmessage = handle;
    for (const type of EVENT_TYPES) source.addEventListener(type, handle);
    source.onerror = () => {
      if (stopped) return;
      failures++;
      // A stream that never opened, or that the browser gave up on (an HTTP error), or that keeps
      // dropping: polling works where streaming does not. A dropped stream that reconnects is fine.
      if (!opened || source.readyState === EventSource.CLOSED || failures >= MAX_STREAM_FAILURES) {
        source.close();
        source = null;
        poll();
      }
    };
  }

  function poll() {
    onPolling?.();
    const tick = async () => {
      if (stopped) return;
      try {
        const doc = await api(`/api/status/${encodeURIComponent(jobId)}`);
        if (stopped) return;
        onStatus(doc);
        if (TERMINAL.has(doc.status)) return;
      } catch {
        // A blip; the next tick tries again.
      }
      timer = setTimeout(tick, POLL_MS);
    };
    void tick();
  }

  if (typeof EventSource === "function") stream();
  else poll();

  return {
    stop() {
      stopped = true;
      source?.close();
      clearTimeout(timer);
    },
  };
}
