import { afterEach, describe, expect, it } from "vitest";
import { httpFunctions, type Method } from "../../functions/manifest";
import { openSession, type TestSession } from "../../functions/session/session.test-helper";
import { mountAllFunctions } from "../helpers/all-functions";
import { createTestDeps } from "../helpers/function-deps";

/**
 * Who may see a job, on every route that names one: its owner, and to read it a holder of one of
 * its share links; anyone else gets the 404 of a job that does not exist. The routes come from
 * the manifest, so a route added later that names a job is checked here too.
 */
const ALPHA = "alpha-token-1";
const BETA = "beta-token-2";
const TRANSCRIPT = "Alice: We ship on Friday.\nBob: I will write the notes.\n";

/** Routes that name their job in the query instead of the path. */
const QUERY_ROUTES: Record<string, (jobId: string) => string> = {
  "/api/job-file": (jobId) => `/api/job-file?jobId=${jobId}&path=job.json`,
  "/api/ws": (jobId) => `/api/ws?jobId=${jobId}`,
};
/** Routes only the owner may use; a share link does not open them. */
const OWNER_ONLY = new Set([
  "POST /api/jobs/:jobId/cancel",
  "DELETE /api/jobs/:jobId",
  "POST /api/jobs/:jobId/retry",
  "POST /api/jobs/:jobId/shares",
  "GET /api/jobs/:jobId/shares",
  "DELETE /api/jobs/:jobId/shares/:shareId",
  "POST /api/jobs/:jobId/ask",
  "PUT /api/jobs/:jobId/speakers",
  "POST /api/jobs/:jobId/speakers",
]);
const SHARE_ID = "0".repeat(64);

interface JobRoute {
  key: string;
  method: Method;
  url: (jobId: string) => string;
}

const jobRoutes: JobRoute[] = httpFunctions.flatMap((f) =>
  f.routes.flatMap((r) => {
    const key = `${r.method} ${r.path}`;
    if (r.path.includes(":jobId"))
      return [
        {
          key,
          method: r.method,
          url: (id: string) => r.path.replace(":jobId", id).replace(":shareId", SHARE_ID),
        },
      ];
    const query = QUERY_ROUTES[r.path];
    return query ? [{ key, method: r.method, url: query }] : [];
  }),
);

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

async function setup(env: Record<string, string>) {
  const t = await createTestDeps({ RATE_LIMIT_PER_HOUR: "0", ...env });
  cleanups.push(t.close);
  const app = await mountAllFunctions(t.deps);
  const call = (method: string, url: string, headers: Record<string, string> = {}, body?: unknown) =>
    app.request(`http://localhost${url}`, {
      method,
      headers: { "content-type": "application/json", ...headers },
      ...(method === "GET" ? {} : { body: JSON.stringify(body ?? {}) }),
    });
  const submit = async (headers: Record<string, string>) => {
    const res = await call("POST", "/api/analyze", headers, { transcriptText: TRANSCRIPT });
    expect(res.status).toBe(202);
    const { jobId } = (await res.json()) as { jobId: string };
    await t.idle();
    return jobId;
  };
  return { ...t, app, call, submit };
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe("every route that names a job", () => {
  it("knows the routes it checks (status, results, insights, events, WebSocket, file, export, cancel, delete, retry, shares)", () => {
    expect(jobRoutes.map((r) => r.key).sort()).toEqual(
      expect.arrayContaining([
        "GET /api/status/:jobId",
        "GET /api/results/:jobId",
        "GET /api/insights/:jobId",
        "GET /api/jobs/:jobId/events",
        "GET /api/ws",
        "GET /api/job-file",
        "GET /api/jobs/:jobId/export",
        "POST /api/jobs/:jobId/cancel",
        "DELETE /api/jobs/:jobId",
        "POST /api/jobs/:jobId/retry",
      ]),
    );
  });

  it("answers another token's holder 404 job_not_found, as for a job that does not exist, and changes nothing", async () => {
    const { call, submit, deps } = await setup({ API_TOKENS: `${ALPHA},${BETA}` });
    const jobId = await submit(bearer(ALPHA));
    for (const route of jobRoutes) {
      const res = await call(route.method, route.url(jobId), bearer(BETA));
      expect({ route: route.key, status: res.status }).toEqual({ route: route.key, status: 404 });
      expect((await res.json()).error.code).toBe("job_not_found");
    }
    expect((await deps.store.record(jobId))?.status).toBe("completed");
    expect(await deps.shares.list(jobId)).toEqual([]);
  });

  it("serves the owner on each of them", async () => {
    const { call, submit } = await setup({ API_TOKENS: `${ALPHA},${BETA}` });
    const jobId = await submit(bearer(ALPHA));
    for (const route of jobRoutes) {
      const res = await call(route.method, route.url(jobId), bearer(ALPHA));
      const code =
        res.status === 200 || res.status === 201 ? "ok" : ((await res.json()).error?.code as string);
      // What the owner gets past the check: no WebSocket in an in-process host, no such link to
      // revoke, a finished job cannot be cancelled or retried, nor deleted without its confirmation, nor asked an empty question or renamed without names; everything
      // else answers.
      const expected =
        route.key === "DELETE /api/jobs/:jobId" ||
        route.key === "POST /api/jobs/:jobId/ask" ||
        route.key.endsWith("/speakers")
          ? "invalid_request"
          : route.key === "GET /api/ws" || route.key.startsWith("DELETE")
            ? "not_found"
            : route.key.endsWith("/cancel") || route.key.endsWith("/retry")
              ? "conflict"
              : "ok";
      expect({ route: route.key, code }).toEqual({ route: route.key, code: expected });
    }
  });

  it("keeps browser sessions of an open-mode install apart when it says so", async () => {
    const { call, submit, deps } = await setup({ OPEN_MODE_SHARED_HISTORY: "false" });
    const a: TestSession = await openSession(deps);
    const b: TestSession = await openSession(deps);
    const jobId = await submit(a.headers());
    expect((await call("GET", `/api/status/${jobId}`, a.headers())).status).toBe(200);
    for (const route of jobRoutes) {
      const res = await call(route.method, route.url(jobId), b.headers());
      expect({ route: route.key, status: res.status }).toEqual({ route: route.key, status: 404 });
    }
  });

  it("never shows the job's owner in its status document", async () => {
    const { call, submit } = await setup({ API_TOKENS: ALPHA });
    const jobId = await submit(bearer(ALPHA));
    const doc = await (await call("GET", `/api/status/${jobId}`, bearer(ALPHA))).json();
    expect(doc.status).toBe("completed");
    expect(doc).not.toHaveProperty("owner");
  });
});

describe("share links", () => {
  it("let anyone holding one read the job, on every reading route, until the owner revokes it", async () => {
    const { call, submit } = await setup({ API_TOKENS: `${ALPHA},${BETA}` });
    const jobId = await submit(bearer(ALPHA));
    const made = await call("POST", `/api/jobs/${jobId}/shares`, bearer(ALPHA));
    expect(made.status).toBe(201);
    const { share } = await made.json();
    expect(share).toMatchObject({ id: expect.stringMatching(/^[0-9a-f]{64}$/), token: expect.any(String) });
    expect(share.statusUrl).toBe(`/api/status/${jobId}?share=${share.token}`);

    const withShare = (url: string) => `${url}${url.includes("?") ? "&" : "?"}share=${share.token}`;
    for (const route of jobRoutes) {
      const res = await call(route.method, withShare(route.url(jobId)), bearer(BETA));
      if (OWNER_ONLY.has(route.key))
        expect({ route: route.key, status: res.status }).toEqual({ route: route.key, status: 404 });
      else if (route.key !== "GET /api/ws")
        expect({ route: route.key, status: res.status }).toEqual({ route: route.key, status: 200 });
    }
    // The header works as well as the query.
    expect(
      (await call("GET", `/api/results/${jobId}`, { ...bearer(BETA), "x-share-token": share.token })).status,
    ).toBe(200);

    const listed = await (await call("GET", `/api/jobs/${jobId}/shares`, bearer(ALPHA))).json();
    expect(listed.shares).toEqual([{ id: share.id, jobId, createdAt: share.createdAt }]);
    expect(JSON.stringify(listed)).not.toContain(share.token);

    const revoked = await call("DELETE", `/api/jobs/${jobId}/shares/${share.id}`, bearer(ALPHA));
    expect(revoked.status).toBe(200);
    expect((await call("GET", withShare(`/api/status/${jobId}`), bearer(BETA))).status).toBe(404);
  });

  it("last until revoked unless the owner gives an end, which must be a whole number of days", async () => {
    const { call, submit } = await setup({ API_TOKENS: ALPHA, JOB_TTL_SECONDS: "60" });
    const jobId = await submit(bearer(ALPHA));
    const lasting = (await (await call("POST", `/api/jobs/${jobId}/shares`, bearer(ALPHA))).json()).share;
    // Not tied to how long Redis keeps a job's events (JOB_TTL_SECONDS): the job itself is kept.
    expect(lasting).not.toHaveProperty("expiresAt");
    const made = await call("POST", `/api/jobs/${jobId}/shares`, bearer(ALPHA), { expiresInDays: 7 });
    expect(made.status).toBe(201);
    const { share } = await made.json();
    const days = (Date.parse(share.expiresAt) - Date.parse(share.createdAt)) / 86_400_000;
    expect(days).toBe(7);
    const listed = (await (await call("GET", `/api/jobs/${jobId}/shares`, bearer(ALPHA))).json()).shares;
    expect(listed.find((l: { id: string }) => l.id === share.id)?.expiresAt).toBe(share.expiresAt);
    for (const bad of [{ expiresInDays: 0 }, { expiresInDays: 1.5 }, { expiresInDays: "7" }, { until: 3 }]) {
      const res = await call("POST", `/api/jobs/${jobId}/shares`, bearer(ALPHA), bad);
      expect({ bad, status: res.status }).toEqual({ bad, status: 400 });
      expect((await res.json()).error.message).toMatch(/expiresInDays|key/i);
    }
  });

  it("open only the job they were made for, and only the owner makes or revokes them", async () => {
    const { call, submit } = await setup({ API_TOKENS: `${ALPHA},${BETA}` });
    const one = await submit(bearer(ALPHA));
    const two = await submit(bearer(ALPHA));
    const { share } = await (await call("POST", `/api/jobs/${one}/shares`, bearer(ALPHA))).json();
    expect((await call("GET", `/api/status/${two}?share=${share.token}`, bearer(BETA))).status).toBe(404);
    expect((await call("POST", `/api/jobs/${one}/shares?share=${share.token}`, bearer(BETA))).status).toBe(
      404,
    );
    expect((await call("DELETE", `/api/jobs/${one}/shares/${share.id}`, bearer(BETA))).status).toBe(404);
    expect((await call("DELETE", `/api/jobs/${two}/shares/${share.id}`, bearer(ALPHA))).status).toBe(404);
    expect((await call("GET", `/api/status/${one}?share=${share.token}`, bearer(BETA))).status).toBe(200);
  });

  it("need no API token to read the job they open, and open nothing else without one", async () => {
    const { call, submit } = await setup({ API_TOKENS: ALPHA });
    const jobId = await submit(bearer(ALPHA));
    const { share } = await (await call("POST", `/api/jobs/${jobId}/shares`, bearer(ALPHA))).json();
    expect(share.pageUrl).toBe(`/?share=${share.token}#/jobs/${jobId}`);
    const q = `share=${share.token}`;
    for (const url of [
      `/api/status/${jobId}?${q}`,
      `/api/results/${jobId}?${q}`,
      `/api/insights/${jobId}?${q}`,
      `/api/jobs/${jobId}/export?format=md&${q}`,
      `/api/job-file?jobId=${jobId}&path=job.json&${q}`,
    ])
      expect({ url, status: (await call("GET", url)).status }).toEqual({ url, status: 200 });
    for (const [method, url] of [
      ["GET", `/api/jobs?${q}`],
      ["GET", `/api/config?${q}`],
      ["GET", `/api/jobs/${jobId}/shares?${q}`],
      ["POST", `/api/jobs/${jobId}/cancel?${q}`],
    ] as const)
      expect({ url, status: (await call(method, url)).status }).toEqual({ url, status: 401 });
  });

  it("are refused when made up", async () => {
    const { call, submit } = await setup({ API_TOKENS: `${ALPHA},${BETA}` });
    const jobId = await submit(bearer(ALPHA));
    const guess = "A".repeat(43);
    expect((await call("GET", `/api/status/${jobId}?share=${guess}`, bearer(BETA))).status).toBe(404);
  });
});

describe("uploads", () => {
  it("are another owner's to analyze only by their own owner", async () => {
    const { app, call } = await setup({ API_TOKENS: `${ALPHA},${BETA}` });
    const form = new FormData();
    form.set("file", new File([TRANSCRIPT], "meeting.txt"));
    const uploaded = await app.request("http://localhost/api/uploads", {
      method: "POST",
      body: form,
      headers: bearer(ALPHA),
    });
    expect(uploaded.status).toBe(201);
    const { fileId } = await uploaded.json();
    const stolen = await call("POST", "/api/analyze", bearer(BETA), { fileId });
    expect(stolen.status).toBe(404);
    expect((await call("POST", "/api/analyze", bearer(ALPHA), { fileId })).status).toBe(202);
  });
});
