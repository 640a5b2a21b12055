import type { JobEvent } from "../../../core/jobs/events";
import type { JobRecord } from "../../../core/jobs/job";
import * as progress from "../../../core/jobs/progress";

/**
 * A live progress display for a terminal: a log line per finished analyzer above one status
 * line that is redrawn in place. Prints nothing when the stream is not a terminal (piped).
 */
export function createProgress(
  stream: NodeJS.WritableStream & { isTTY?: boolean; columns?: number },
  plan: JobRecord["plan"],
) {
  const enabled = stream.isTTY === true;
  let state = progress.fromPlan(plan);
  const started = Date.now();
  let status = "starting";
  const frames = "⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏";
  let frame = 0;

  const draw = () => {
    if (!enabled) return;
    const counts = progress.counts(state);
    const parts = (["A", "B", "final"] as const)
      .filter((s) => counts[s].total > 0)
      .map((s) => `${s === "final" ? "Final" : `Stage ${s}`} ${counts[s].done}/${counts[s].total}`);
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    const running = progress.running(state).map((s) => s.id);
    const now = running.length > 0 ? ` · running: ${running.slice(0, 3).join(", ")}` : ` · ${status}`;
    const cost = `$${progress.spend(state).costUsd.toFixed(4)}`;
    const line = `${frames[frame++ % frames.length]} ${[...parts, `${seconds}s`, cost].join(" · ")}${now}`;
    stream.write(`\r\x1b[2K${line.slice(0, (stream.columns ?? 100) - 1)}`);
  };
  const log = (text: string) => {
    if (!enabled) return;
    stream.write(`\r\x1b[2K${text}\n`);
  };
  const timer = enabled ? setInterval(draw, 120) : undefined;
  timer?.unref();

  return {
    onEvent(e: JobEvent) {
      const prev = state;
      state = progress.reduce(prev, e);
      for (const step of progress.newlyDone(prev, state)) {
        if (step.status === "completed")
          log(`  ✓ ${step.id.padEnd(24)} ${((step.durationMs ?? 0) / 1000).toFixed(1)}s`);
        else if (step.status === "error") log(`  ✗ ${step.id.padEnd(24)} ${step.error?.message ?? "failed"}`);
      }
      const stage = state.stagesDone.find((s) => !prev.stagesDone.includes(s));
      if (stage) status = `stage ${stage} done`;
      if (state.insights && !prev.insights) status = "insights ready";
      draw();
    },
    stop() {
      if (timer) clearInterval(timer);
      if (enabled) stream.write("\r\x1b[2K");
    },
  };
}
