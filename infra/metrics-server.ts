import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { Logger } from "../functions/shared/deps";

export interface MetricsServer {
  port: number;
  close(): Promise<void>;
}

/**
 * A bare node:http server for processes without an HTTP API (the worker): GET /metrics and nothing
 * else, so Prometheus can scrape it. `port` 0 takes a free one.
 */
export async function startMetricsServer(args: {
  port: number;
  host: string;
  metrics: { contentType: string; render(): Promise<string> };
  log: Logger;
}): Promise<MetricsServer> {
  const server = createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0];
    if (path !== "/metrics" || (req.method !== "GET" && req.method !== "HEAD")) {
      res
        .writeHead(404, { "content-type": "text/plain; charset=utf-8" })
        .end("Not found: only GET /metrics here.\n");
      return;
    }
    args.metrics.render().then(
      (body) => {
        res.writeHead(200, { "content-type": args.metrics.contentType });
        res.end(req.method === "HEAD" ? undefined : body);
      },
      (err: unknown) => {
        args.log.error({ err }, "metrics could not be rendered");
        res.writeHead(500, { "content-type": "text/plain; charset=utf-8" }).end("metrics unavailable\n");
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(args.port, args.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  args.log.info({ port, host: args.host }, `metrics on http://${args.host}:${port}/metrics`);
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
