import type { Context } from "hono";
import { AppError } from "../../core/errors";
import type { AppEnv } from "../shared/app";
import { createApp } from "../shared/app";
import type { HttpFunction } from "../shared/deps";
import { type Asset, buildSite } from "./assets";

/** GET / (the web UI) and GET /assets/:file (its scripts and stylesheet); only the known files. */
const ui: HttpFunction = (deps) => {
  const site = buildSite();
  const app = createApp(deps);
  app.get("/", (c) => send(c, site.page));
  app.get("/assets/:file", (c) => {
    const asset = site.assets.get(c.req.param("file"));
    if (!asset) throw new AppError("not_found", "There is no such asset.");
    return send(c, asset);
  });
  return app;
};

function send(c: Context<AppEnv>, asset: Asset): Response {
  const headers = { "Cache-Control": asset.cacheControl, ETag: asset.etag };
  if (c.req.header("if-none-match") === asset.etag) return c.body(null, 304, headers);
  return c.body(asset.body, 200, { ...headers, "Content-Type": asset.contentType });
}

export default ui;
