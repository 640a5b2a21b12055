import type { JobEvent } from "../../../core/ports";

/**
 * A live progress display for a terminal: a log line per finished analyzer above one status
 * line that is redrawn in place. Prints nothing when the stream is not a terminal (piped).
 */
export function createProgress(
  stream: NodeJS.WritableStream & { isTTY?: boolean; columns?: number },
  planned: { A: number; B: number; final: number },
) {
  const enabled = stream.isTTY === true;
  const done = { A: 0, B: 0, final: 0 };
  const running = new Set<string>();
  const started = Date.now();
  let cost = 0;
  let status = "starting";
  const frames = "⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏";
  let frame = 0;

  const draw = () => {
    if (!enabled) return;
    const parts = (["A", "B", "final"] as const)
      .filter((s) => planned[s] > 0)
      .map((s) => `${s === "final" ? "Final" : `Stage ${s}`} ${done[s]}/${planned[s]}`);
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    const now = running.size > 0 ? ` · running: ${[...running].slice(0, 3).join(", ")}` : ` · ${status}`;
    const line = `${frames[frame++ % frames.length]} ${[...parts, `${seconds}s`, `$${cost.toFixed(4)}`].join(" · ")}${now}`;
    stream.write(`\r\x1b[2K${line.slice(0, (stream.columns ?? 100) - 1)}`);
  };
  const log = (text: string) => {
    if (!enabled) return;
    stream.write(`\r\x1b[2K${text}\n`);
    draw();
  };
  const timer = enabled ? setInterval(draw, 120) : undefined;
  timer?.unref();

  return {
    onEvent(e: JobEvent) {
      const d = e.data as Record<string, unknown>;
      const stage = d.stage as "A" | "B" | "final" | "insights" | undefined;
      const name = String(d.analyzer ?? "");
      switch (e.type) {
        case "analyzer.started":
          running.add(name);
          break;
        case "analyzer.completed":
          running.delete(name);
          if (stage && stage !== "insights") done[stage]++;
          cost += typeof d.costUsd === "number" ? d.costUsd : 0;
          log(`  ✓ ${name.padEnd(24)} ${((Number(d.durationMs) || 0) / 1000).toFixed(1)}s`);
          break;
        case "analyzer.error":
          running.delete(name);
          if (stage && stage !== "insights") done[stage]++;
          log(`  ✗ ${name.padEnd(24)} ${(d.error as { message?: string })?.message ?? "failed"}`);
          break;
        case "stage.completed":
          status = `stage ${String(d.stage)} done`;
          break;
        case "insights.updated":
          status = "insights ready";
          break;
      }
      draw();
    },
    stop() {
      if (timer) clearInterval(timer);
      if (enabled) stream.write("\r\x1b[2K");
    },
  };
}
