import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { useTestDeps } from "../../test/helpers/function-deps";
import analyze from "./index";

/**
 * The request validators behind POST /api/analyze, on any body: an answer with a status below 500
 * and, when refused, `{ok: false, error: {code, message}}` with a 4xx code, never a crash or an
 * internal error. The bodies are JSON of any shape, the request's own fields with values of any
 * type, and bytes that are not JSON at all.
 */
const testDeps = useTestDeps();

const field = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.jsonValue({ maxDepth: 2 }),
);
const shaped = fc.record(
  {
    transcriptText: field,
    fileId: field,
    selected: fc.oneof(
      field,
      fc.record({ stageA: fc.oneof(field, fc.array(field)), final: field }, { requiredKeys: [] }),
    ),
    options: fc.oneof(
      field,
      fc.record({ stageBOptions: field, finalOptions: field, models: field }, { requiredKeys: [] }),
    ),
    promptSelection: field,
    format: field,
  },
  { requiredKeys: [] },
);
const body = fc.oneof(
  shaped.map((b) => JSON.stringify(b)),
  fc.jsonValue({ maxDepth: 3 }).map((b) => JSON.stringify(b)),
  fc.string({ maxLength: 80 }),
);

describe("POST /api/analyze on any body", () => {
  it("answers below 500, and a refusal is a typed error", { timeout: 60_000 }, async () => {
    const t = await testDeps({ RATE_LIMIT_PER_HOUR: "0" });
    const app = analyze(t.deps);
    await fc.assert(
      fc.asyncProperty(body, async (text) => {
        const res = await app.request("/api/analyze", {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: text,
        });
        expect(res.status).toBeLessThan(500);
        const answer = (await res.json()) as { ok: boolean; error?: { code: unknown; message: unknown } };
        if (res.status >= 400) {
          expect(answer.ok).toBe(false);
          expect(typeof answer.error?.code).toBe("string");
          expect(typeof answer.error?.message).toBe("string");
        } else expect(answer.ok).toBe(true);
      }),
      { numRuns: 200 },
    );
    await t.idle();
  });
});
