import { createHash } from "node:crypto";
import script from "./client/main.ts?bundle";
import page from "./index.html?raw";
import style from "./style.css?raw";

/**
 * The page's files by the name it asks for them; nothing else is ever served. The script is the
 * browser bundle of client/main.ts, made by the build (and by vitest) with everything it imports.
 */
export const SOURCES: Readonly<Record<string, string>> = { "app.js": script, "style.css": style };

export interface Asset {
  body: string;
  contentType: string;
  cacheControl: string;
  etag: string;
}

const TYPES: Record<string, string> = {
  js: "text/javascript; charset=utf-8",
  css: "text/css; charset=utf-8",
  html: "text/html; charset=utf-8",
};
/** The page is revalidated on every load, so a new build shows at once. */
const PAGE_CACHE = "no-cache";
/** A versioned name never changes its content. */
const VERSIONED_CACHE = "public, max-age=31536000, immutable";
/** An unversioned name (an old page, a hand-typed URL) is only cached briefly. */
const PLAIN_CACHE = "public, max-age=300, must-revalidate";

const hash = (text: string) => createHash("sha256").update(text).digest("base64url");
const typeOf = (name: string) => TYPES[name.slice(name.lastIndexOf(".") + 1)] ?? "application/octet-stream";
const asset = (body: string, contentType: string, cacheControl: string): Asset => ({
  body,
  contentType,
  cacheControl,
  etag: `"${hash(body).slice(0, 16)}"`,
});

/**
 * The page and its assets, ready to serve. Each asset is also served under a name that carries a
 * hash of its content (`app.<hash>.js`), and the page refers to those names, so a page always
 * loads the script and styles of its own build and they can be cached for good.
 */
export function buildSite(sources: Readonly<Record<string, string>> = SOURCES, html: string = page) {
  const versioned = new Map(
    Object.entries(sources).map(([name, body]) => [
      name,
      name.replace(/(\.[a-z]+)$/, `.${hash(body).slice(0, 10)}$1`),
    ]),
  );
  const assets = new Map<string, Asset>();
  for (const [name, body] of Object.entries(sources)) {
    assets.set(versioned.get(name)!, asset(body, typeOf(name), VERSIONED_CACHE));
    assets.set(name, asset(body, typeOf(name), PLAIN_CACHE));
  }
  // `"/assets/app.js"` in the page; only names of this set are touched.
  const body = html.replace(
    /(["'])\/assets\/([a-z0-9-]+\.(?:js|css))\1/g,
    (whole, quote: string, name: string) =>
      versioned.has(name) ? `${quote}/assets/${versioned.get(name)}${quote}` : whole,
  );
  return { versioned, page: asset(body, TYPES.html!, PAGE_CACHE), assets };
}
