import { describe, expect, it } from "vitest";
import { useTestDeps } from "../../test/helpers/function-deps";
import metrics from "./index";

const testDeps = useTestDeps();

const PROMETHEUS = "text/plain; version=0.0.4; charset=utf-8";
const registry = {
  contentType: PROMETHEUS,
  render: async () => "# TYPE jobs_total counter\njobs_total 3\n",
};

describe("GET /metrics", () => {
  it("serves the host's registry in its own content type", async () => {
    const t = await testDeps({}, { metrics: registry });
    const res = await metrics(t.deps).request("/metrics");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe(PROMETHEUS);
    expect(await res.text()).toBe("# TYPE jobs_total counter\njobs_total 3\n");
  });

  it("is open to a scraper without a token even when the API needs one", async () => {
    const t = await testDeps({ API_TOKENS: "alpha-token-1" }, { metrics: registry });
    expect((await metrics(t.deps).request("/metrics")).status).toBe(200);
  });

  it("answers 404 not_found when the host keeps no metrics", async () => {
    const t = await testDeps();
    const res = await metrics(t.deps).request("/metrics");
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({
      ok: false,
      error: { code: "not_found", message: "Metrics are not enabled in this host." },
    });
  });
});
