import { EVENT_TYPES, type JobEvent, parseJobEvent } from "../../../../core/jobs/events";
import { isFinished, type JobDocument } from "../../../../core/jobs/job";
import { api, links } from "../lib/api";

const POLL_MS = 2000;
/** Failed connections in a row before the stream is given up for polling. */
const MAX_STREAM_FAILURES = 3;

export interface JobWatcher {
  onEvent(event: JobEvent): void;
  /** A status document, when the page polls instead of listening. */
  onStatus(doc: JobDocument): void;
  onPolling(): void;
}

/**
 * A job's live events: the SSE stream (the browser reconnects with Last-Event-ID and the server
 * replays what was missed), falling back to polling the status every 2 s when the stream fails.
 * Each event is checked against core's schema for its type; one that does not fit is dropped.
 */
export function watchJob(jobId: string, watcher: JobWatcher) {
  let source: EventSource | null = null;
  let timer = 0;
  let stopped = false;
  let failures = 0;
  let opened = false;

  const handle = (message: MessageEvent<string>) => {
    let event: JobEvent | null = null;
    try {
      event = parseJobEvent(JSON.parse(message.data));
    } catch {
      // Not JSON: nothing to show.
    }
    if (event && !stopped) watcher.onEvent(event);
  };

  function stream() {
    const s = new EventSource(links.events(jobId));
    source = s;
    s.onopen = () => {
      opened = true;
      failures = 0;
    };
    s.onmessage = handle;
    for (const type of EVENT_TYPES) s.addEventListener(type, handle);
    s.onerror = () => {
      if (stopped) return;
      failures++;
      // A stream that never opened, or that the browser gave up on (an HTTP error), or that keeps
      // dropping: polling works where streaming does not. A dropped stream that reconnects is fine.
      if (!opened || s.readyState === EventSource.CLOSED || failures >= MAX_STREAM_FAILURES) {
        s.close();
        source = null;
        poll();
      }
    };
  }

  function poll() {
    watcher.onPolling();
    const tick = async () => {
      if (stopped) return;
      try {
        const doc = await api.status(jobId);
        if (stopped) return;
        watcher.onStatus(doc);
        if (isFinished(doc.status)) return;
      } catch {
        // A blip; the next tick tries again.
      }
      timer = window.setTimeout(tick, POLL_MS);
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
