import { createHash } from "node:crypto";
import analyzerPicker from "./analyzer-picker.js?raw";
import api from "./api.js?raw";
import app from "./app.js?raw";
import computedView from "./computed-view.js?raw";
import dom from "./dom.js?raw";
import format from "./format.js?raw";
import historyView from "./history-view.js?raw";
import page from "./index.html?raw";
import insightsView from "./insights-view.js?raw";
import jobProgress from "./job-progress.js?raw";
import jobView from "./job-view.js?raw";
import jobWatch from "./job-watch.js?raw";
import markdown from "./markdown.js?raw";
import newAnalysis from "./new-analysis.js?raw";
import resultsView from "./results-view.js?raw";
import session from "./session.js?raw";
import style from "./style.css?raw";
import transcriptInput from "./transcript-input.js?raw";
import transcriptView from "./transcript-view.js?raw";

/** The page's files by the name it asks for them; nothing else is ever served. */
export const SOURCES: Readonly<Record<string, string>> = {
  "analyzer-picker.js": analyzerPicker,
  "api.js": api,
  "app.js": app,
  "computed-view.js": computedView,
  "dom.js": dom,
  "format.js": format,
  "history-view.js": historyView,
  "insights-view.js": insightsView,
  "job-progress.js": jobProgress,
  "job-view.js": jobView,
  "job-watch.js": jobWatch,
  "markdown.js": markdown,
  "new-analysis.js": newAnalysis,
  "results-view.js": resultsView,
  "session.js": session,
  "style.css": style,
  "transcript-input.js": transcriptInput,
  "transcript-view.js": transcriptView,
};

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

/**
 * The page and its assets, ready to serve. Every asset is also served under a name that carries
 * one version for the whole set (`app.<v>.js`), and the page and the scripts' imports are
 * rewritten to those names, so a page always loads the scripts and styles of its own build and
 * they can be cached for good.
 */
export function buildSite(sources: Readonly<Record<string, string>> = SOURCES, html: string = page) {
  const version = hash(
    Object.keys(sources)
      .sort()
      .map((name) => `${name}\0${sources[name]}`)
      .join("\0"),
  ).slice(0, 10);
  const versioned = (name: string) => name.replace(/(\.[a-z]+)$/, `.${version}$1`);
  // `"./dom.js"` in an import, `"/assets/app.js"` in the page; only names of this set are touched.
  const reference = /(["'])(\.\/|\/assets\/)([a-z0-9-]+\.(?:js|css))\1/g;
  const rewrite = (text: string) =>
    text.replace(reference, (whole, quote: string, prefix: string, name: string) =>
      Object.hasOwn(sources, name) ? `${quote}${prefix}${versioned(name)}${quote}` : whole,
    );
  const asset = (body: string, contentType: string, cacheControl: string): Asset => ({
    body,
    contentType,
    cacheControl,
    etag: `"${hash(body).slice(0, 16)}"`,
  });
  const assets = new Map<string, Asset>();
  for (const [name, text] of Object.entries(sources)) {
    const body = rewrite(text);
    assets.set(versioned(name), asset(body, typeOf(name), VERSIONED_CACHE));
    assets.set(name, asset(body, typeOf(name), PLAIN_CACHE));
  }
  return { version, page: asset(rewrite(html), TYPES.html!, PAGE_CACHE), assets };
}
