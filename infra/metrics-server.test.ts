import { afterEach, describe, expect, it } from "vitest";
import { SILENT_LOG } from "../test/helpers/function-deps";
import { createMetrics } from "./metrics";
import { type MetricsServer, startMetricsServer } from "./metrics-server";

let server: MetricsServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe("startMetricsServer", () => {
  it("serves the registry on GET /metrics at a free port, with Prometheus's content type", async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    metrics.llmErrors.inc({ code: "llm_timeout" });
    server = await startMetricsServer({ port: 0, host: "127.0.0.1", metrics, log: SILENT_LOG });
    expect(server.port).toBeGreaterThan(0);
    const res = await fetch(`http://127.0.0.1:${server.port}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe(metrics.contentType);
    expect(await res.text()).toContain('transcript_llm_errors_total{code="llm_timeout"} 1');
  });

  it("answers 404 to anything but GET /metrics", async () => {
    server = await startMetricsServer({
      port: 0,
      host: "127.0.0.1",
      metrics: createMetrics({ defaultMetrics: false }),
      log: SILENT_LOG,
    });
    const base = `http://127.0.0.1:${server.port}`;
    expect((await fetch(`${base}/`)).status).toBe(404);
    expect((await fetch(`${base}/api/health`)).status).toBe(404);
    expect((await fetch(`${base}/metrics/../admin`)).status).toBe(404);
    expect((await fetch(`${base}/metrics`, { method: "POST", body: "x" })).status).toBe(404);
  });

  it("fails to start, rather than serving nothing, when the port is taken", async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    server = await startMetricsServer({ port: 0, host: "127.0.0.1", metrics, log: SILENT_LOG });
    await expect(
      startMetricsServer({ port: server.port, host: "127.0.0.1", metrics, log: SILENT_LOG }),
    ).rejects.toThrow(/EADDRINUSE/);
  });
});
