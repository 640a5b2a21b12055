import { describe, expect, it } from "vitest";
import { useTestDeps } from "../../test/helpers/function-deps";
import { buildSite, SOURCES } from "./assets";
import ui from "./index";

const testDeps = useTestDeps();
async function setup(env: Record<string, string> = {}) {
  const t = await testDeps(env);
  return ui(t.deps);
}

const scriptOf = (html: string) => /<script type="module" src="\/assets\/([^"]+)"/.exec(html)?.[1];

describe("GET /", () => {
  it("serves the page as HTML that is revalidated on every load, under a strict CSP", async () => {
    const app = await setup();
    const res = await app.request("/");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(res.headers.get("cache-control")).toBe("no-cache");
    const csp = res.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("default-src 'self'");
    expect(csp).toMatch(/script-src 'self'(;|$)/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    const html = await res.text();
    expect(html).toMatch(/^<!doctype html>/i);
    expect(html).toContain('<main id="main"');
  });

  it("has no inline script or event handler attribute, which the CSP would block", async () => {
    const html = await (await (await setup()).request("/")).text();
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/i);
    expect(html).not.toMatch(/\son[a-z]+\s*=/i);
    expect(html).not.toMatch(/javascript:/i);
  });

  it("opens to anyone when API tokens are required, so the page can ask for one", async () => {
    const app = await setup({ API_TOKENS: "alpha-token-1" });
    expect((await app.request("/")).status).toBe(200);
    expect((await app.request("/assets/style.css")).status).toBe(200);
  });

  it("answers 304 to a browser that already has this build", async () => {
    const app = await setup();
    const first = await app.request("/");
    const etag = first.headers.get("etag")!;
    const again = await app.request("/", { headers: { "if-none-match": etag } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe("");
  });
});

describe("GET /assets/:file", () => {
  it("serves the page's script under a versioned name, cached for good, as one self-contained file", async () => {
    const app = await setup();
    const script = scriptOf(await (await app.request("/")).text());
    expect(script).toMatch(/^app\.[A-Za-z0-9_-]{10}\.js$/);
    const res = await app.request(`/assets/${script}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    expect(res.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    const js = await res.text();
    // The whole page in one bundle: nothing more to fetch, from here or a CDN, so it works offline.
    expect(js).not.toMatch(/\bimport\s*[{*"'\w]|\bimport\(/);
    expect(js).not.toMatch(/https?:\/\/(?!www\.w3\.org)/);
    // It watches the events core defines, under their own names.
    for (const type of ["analyzer.started", "analyzer.completed", "insights.updated", "job.cancelled"])
      expect(js).toContain(`"${type}"`);
  });

  it("serves the stylesheet as CSS and plain names with a short cache", async () => {
    const app = await setup();
    const css = await app.request("/assets/style.css");
    expect(css.status).toBe(200);
    expect(css.headers.get("content-type")).toBe("text/css; charset=utf-8");
    expect(css.headers.get("cache-control")).toBe("public, max-age=300, must-revalidate");
    expect(await css.text()).toContain("prefers-color-scheme: dark");
  });

  it.each([
    "nope.js",
    "app.0000000000.js",
    "index.ts",
    "assets.ts",
    "raw.d.ts",
    "..%2Findex.ts",
    "%2e%2e%2fpackage.json",
    "style.css%00.js",
  ])("answers 404 not_found for %s, which is not one of the page's files", async (name) => {
    const app = await setup();
    const res = await app.request(`/assets/${name}`);
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({
      ok: false,
      error: { code: "not_found", message: "There is no such asset." },
    });
  });

  it("names each asset by its content, so a changed script gets a new name and the styles keep theirs", () => {
    const one = buildSite(SOURCES);
    const two = buildSite({ ...SOURCES, "app.js": `${SOURCES["app.js"]}\n// changed` });
    const script = (site: ReturnType<typeof buildSite>) => site.versioned.get("app.js")!;
    expect(script(one)).not.toBe(script(two));
    expect(one.versioned.get("style.css")).toBe(two.versioned.get("style.css"));
    expect(one.page.body).toContain(`/assets/${script(one)}`);
    expect(two.page.body).toContain(`/assets/${script(two)}`);
    expect(two.assets.get(script(two))?.body).toContain("// changed");
  });
});
