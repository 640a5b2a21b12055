import { afterEach, describe, expect, it } from "vitest";
import type { EventPayload, EventType, JobEvent } from "../../../core/jobs/events";
import { EXAMPLE_PAYLOADS } from "../../../test/helpers/events";
import { createProgress } from "./progress";

/** A terminal that records what is written to it. */
function terminal(isTTY = true) {
  const writes: string[] = [];
  const stream = Object.assign(
    {
      write(chunk: string) {
        writes.push(chunk);
        return true;
      },
    } as unknown as NodeJS.WritableStream,
    { isTTY, columns: 200 },
  );
  const text = () => writes.join("");
  return {
    stream,
    /** The lines logged above the status line, without the redraw codes. */
    logged: () =>
      text()
        .split("\n")
        .slice(0, -1)
        .map((line) => line.split("\r\x1b[2K").at(-1)),
    /** The status line as last drawn. */
    status: () => text().split("\r\x1b[2K").at(-1) ?? "",
    text,
  };
}

let n = 0;
const event = <T extends EventType>(type: T, data: Partial<EventPayload<T>> = {}): JobEvent =>
  ({
    id: String(++n),
    type,
    jobId: "20251001-120000-abcdefgh",
    ts: "2025-10-01T12:00:00.000Z",
    data: { ...EXAMPLE_PAYLOADS[type], ...data },
  }) as JobEvent;

const plan = { A: ["say-means", "looping"], B: [], final: ["meeting-notes"], insights: true };
const stops: Array<() => void> = [];
afterEach(() => {
  for (const stop of stops.splice(0)) stop();
});
function progressOn(t: ReturnType<typeof terminal>) {
  const p = createProgress(t.stream, plan);
  stops.push(p.stop);
  return p;
}

describe("the CLI's progress display", () => {
  it("logs each finished analyzer once and counts it in its stage, also when an event is replayed", () => {
    const t = terminal();
    const p = progressOn(t);
    p.onEvent(event("analyzer.started", { analyzer: "say-means" }));
    expect(t.status()).toMatch(/^. Stage A 0\/2 · Final 0\/1 · \d+\.\ds · \$0\.0000 · running: say-means$/);
    const done = event("analyzer.completed", { analyzer: "say-means", durationMs: 1234, costUsd: 0.0021 });
    p.onEvent(done);
    p.onEvent(done);
    p.onEvent(
      event("analyzer.error", {
        analyzer: "looping",
        error: { code: "llm_timeout", message: "The model took too long." },
      }),
    );
    expect(t.logged()).toEqual([
      `  ✓ ${"say-means".padEnd(24)} 1.2s`,
      `  ✗ ${"looping".padEnd(24)} The model took too long.`,
    ]);
    expect(t.status()).toMatch(/ Stage A 2\/2 · Final 0\/1 · \d+\.\ds · \$0\.0021 · starting$/);
  });

  it("says which stage finished last, and when insights are ready", () => {
    const t = terminal();
    const p = progressOn(t);
    p.onEvent(event("stage.completed", { stage: "A" }));
    expect(t.status()).toMatch(/ · stage A done$/);
    p.onEvent(event("insights.updated"));
    expect(t.status()).toMatch(/ · insights ready$/);
  });

  it("prints nothing when the stream is not a terminal", () => {
    const t = terminal(false);
    const p = progressOn(t);
    p.onEvent(event("analyzer.started"));
    p.onEvent(event("analyzer.completed"));
    p.stop();
    expect(t.text()).toBe("");
  });
});
