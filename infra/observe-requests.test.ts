import { Writable } from "node:stream";
import { afterEach, describe, expect, it } from "vitest";
import status from "../functions/status";
import { createTestDeps } from "../test/helpers/function-deps";
import { mountFunctions } from "./host/http-host";
import { createLogger } from "./logger";
import { createMetrics } from "./metrics";
import { observeRequests } from "./observe-requests";

const SPEC = {
  name: "status",
  kind: "http" as const,
  routes: [{ method: "GET" as const, path: "/api/status/:jobId" }],
  entry: "",
};
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

async function host() {
  const t = await createTestDeps();
  cleanups.push(t.close);
  const lines: Array<Record<string, unknown>> = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  const log = createLogger("http", "info", sink);
  const metrics = createMetrics({ defaultMetrics: false });
  const app = mountFunctions([{ spec: SPEC, create: status }], t.deps, observeRequests(metrics, log));
  return { app, metrics, lines };
}

describe("observeRequests", () => {
  it("times a request under the manifest's route pattern, never the raw URL", async () => {
    const { app, metrics } = await host();
    await app.request("/api/status/20250101-120000-1f3ce40415a2081fa3eee75f?token=s3cret-value");
    await app.request("/api/status/20250101-120000-fb398cc690e15ddba43ee811");
    const text = await metrics.render();
    expect(text).toContain(
      'transcript_http_request_duration_seconds_count{route="/api/status/:jobId",method="GET",status="404"} 2',
    );
    expect(text).not.toContain("aaaaaaaa");
    expect(text).not.toContain("s3cret-value");
  });

  it("logs one info line per request with method, route pattern, status, time and the request id it answered with", async () => {
    const { app, lines } = await host();
    const res = await app.request("/api/status/20250101-120000-1f3ce40415a2081fa3eee75f?token=s3cret-value", {
      headers: { authorization: "Bearer top-secret-token", cookie: "ta_session=abc" },
    });
    const requestLines = lines.filter((l) => l.msg === "request");
    expect(requestLines).toHaveLength(1);
    expect(requestLines[0]).toMatchObject({
      level: "info",
      method: "GET",
      route: "/api/status/:jobId",
      status: 404,
      requestId: res.headers.get("x-request-id"),
    });
    expect(typeof requestLines[0]!.ms).toBe("number");
    const written = JSON.stringify(lines);
    for (const secret of ["s3cret-value", "top-secret-token", "ta_session", "aaaaaaaa"]) {
      expect(written).not.toContain(secret);
    }
  });
});
