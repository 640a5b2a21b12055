import { Hono } from "hono";
import type { HttpFunctionSpec } from "../../functions/manifest";
import type { FunctionDeps, HttpFunction } from "../../functions/shared/deps";

/**
 * The Node host's router: each route of the manifest goes to the function that owns it, as an API
 * gateway routes to functions. The function's own app then routes within itself.
 */
export function mountFunctions(
  functions: Array<{ spec: HttpFunctionSpec; create: HttpFunction }>,
  deps: FunctionDeps,
  onRequest?: (route: string, method: string, status: number, seconds: number) => void,
): Hono {
  const root = new Hono();
  for (const { spec, create } of functions) {
    const app = create(deps);
    for (const route of spec.routes) {
      root.on(route.method, route.path, async (c) => {
        const started = performance.now();
        const res = await app.fetch(c.req.raw, c.env);
        onRequest?.(route.path, route.method, res.status, (performance.now() - started) / 1000);
        return res;
      });
    }
  }
  return root;
}
