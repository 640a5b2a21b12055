import { Hono } from "hono";
import type { HttpFunctionSpec } from "../../functions/manifest";
import type { FunctionDeps, HttpFunction } from "../../functions/shared/deps";

/** One answered request, for metrics and the request log: the route pattern, never the raw URL. */
export interface RequestObservation {
  route: string;
  method: string;
  status: number;
  seconds: number;
  /** The id the function's request-id middleware answered with. */
  requestId: string | undefined;
}

/**
 * The Node host's router: each route of the manifest goes to the function that owns it, as an API
 * gateway routes to functions. The function's own app then routes within itself.
 */
export function mountFunctions(
  functions: Array<{ spec: HttpFunctionSpec; create: HttpFunction }>,
  deps: FunctionDeps,
  onRequest?: (observed: RequestObservation) => void,
): Hono {
  const root = new Hono();
  for (const { spec, create } of functions) {
    const app = create(deps);
    for (const route of spec.routes) {
      root.on(route.method, route.path, async (c) => {
        const started = performance.now();
        const observe = (status: number, requestId: string | undefined) => {
          const seconds = (performance.now() - started) / 1000;
          onRequest?.({ route: route.path, method: route.method, status, seconds, requestId });
        };
        try {
          const res = await app.fetch(c.req.raw, c.env);
          observe(res.status, res.headers.get("x-request-id") ?? undefined);
          return res;
        } catch (e) {
          observe(500, undefined);
          throw e;
        }
      });
    }
  }
  // A path no function owns gets the same JSON error shape as every other answer.
  root.notFound((c) =>
    c.json(
      { ok: false, error: { code: "not_found", message: `No route ${c.req.method} ${c.req.path}.` } },
      404,
    ),
  );
  root.onError((e, c) => {
    deps.log.error({ err: e, path: c.req.path }, "request failed in the host");
    return c.json(
      {
        ok: false,
        error: { code: "internal", message: "Something went wrong on our side; the error was logged." },
      },
      500,
    );
  });
  return root;
}
