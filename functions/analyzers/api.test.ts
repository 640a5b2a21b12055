import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { jsonRequest, useTestDeps } from "../../test/helpers/function-deps";
import { openSession, signedInSession } from "../session/session.test-helper";
import analyzers from "./index";

const testDeps = useTestDeps();
async function setup(env: Record<string, string> = {}) {
  const t = await testDeps(env);
  return { ...t, app: analyzers(t.deps) };
}

/** alpha is an operator (ADMIN_TOKENS); beta is an ordinary user. */
const TOKENS = { API_TOKENS: "alpha-token-1,beta-token-2", ADMIN_TOKENS: "alpha-token-1" };
const BEARER = { authorization: "Bearer alpha-token-1" };

const fileText = (id: string, extra = "") => `---
id: ${id}
name: Objections
stage: A
description: The objections raised and how each was answered.
requires: [transcript]
variables: [title]
---
Read {{ transcript }} ({{ title }}). List every objection, who raised it, and whether it was answered [seg-N].${extra}
`;
const PARTS = {
  id: "open-loops",
  name: "Open loops: what was left hanging",
  stage: "B",
  description: "Threads the meeting opened and did not close.",
  body: "From {{ context }} and, when given, {{ transcript }} for {{ title }}, list the open loops.",
};

type App = ReturnType<typeof analyzers>;
const create = (app: App, body: unknown, headers: Record<string, string> = {}) =>
  app.request("/api/analyzers", jsonRequest("POST", body, headers));

describe("GET /api/analyzers", () => {
  it("lists the built-in analyzers of stages A, B and final, marked builtin, without system prompts", async () => {
    const { app } = await setup();
    const body = await (await app.request("/api/analyzers")).json();
    expect(body.analyzers).toHaveLength(19);
    expect(body.analyzers.every((a: { builtin: boolean }) => a.builtin)).toBe(true);
    expect(body.analyzers.map((a: { id: string }) => a.id)).not.toContain("analyst");
  });

  it("gives one analyzer with its text; unknown 404, system prompt 404, bad id 400", async () => {
    const { app } = await setup();
    const one = await (await app.request("/api/analyzers/looping")).json();
    expect(one.analyzer).toMatchObject({
      id: "looping",
      stage: "A",
      builtin: true,
      text: expect.stringMatching(/^---/),
    });
    expect((await app.request("/api/analyzers/no-such-analyzer")).status).toBe(404);
    expect((await app.request("/api/analyzers/analyst")).status).toBe(404);
    const bad = await app.request("/api/analyzers/Not_An_Id");
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.message).toMatch(/kebab-case/);
  });
});

describe("POST /api/analyzers", () => {
  it("adds a custom analyzer from a whole prompt file: 201, listed and readable", async () => {
    const { app } = await setup();
    const res = await create(app, { text: fileText("objections") });
    expect(res.status).toBe(201);
    expect(res.headers.get("location")).toBe("/api/analyzers/objections");
    expect(await res.json()).toMatchObject({
      ok: true,
      analyzer: { id: "objections", stage: "A", builtin: false, edited: false, variables: ["title"] },
    });
    const list = (await (await app.request("/api/analyzers")).json()).analyzers;
    expect(list.find((a: { id: string }) => a.id === "objections")).toMatchObject({ builtin: false });
    const one = await (await app.request("/api/analyzers/objections")).json();
    expect(one.analyzer.text).toBe(fileText("objections"));
  });

  it("writes the prompt file from its parts, declaring the blocks and variables the body uses", async () => {
    const { app, deps } = await setup();
    const res = await create(app, PARTS);
    expect(res.status).toBe(201);
    const { analyzer } = await res.json();
    expect(analyzer).toMatchObject({
      id: "open-loops",
      name: "Open loops: what was left hanging",
      stage: "B",
      requires: ["context"],
      optional: ["transcript"],
      variables: ["title"],
    });
    const front = parseYaml(analyzer.text.split("---\n")[1]);
    expect(front).toMatchObject({ id: "open-loops", name: PARTS.name, stage: "B" });
    // The new analyzer is offered to jobs like a built-in one.
    expect((await deps.prompts.list("B")).map((p) => p.id)).toContain("open-loops");
  });

  it("refuses parts whose body uses a name its stage does not offer, naming the body's line", async () => {
    const { app } = await setup();
    const res = await create(app, {
      ...PARTS,
      stage: "A",
      body: "Read {{ transcript }}.\nThen use {{ context }}.",
    });
    expect(res.status).toBe(400);
    const { error } = await res.json();
    expect(error.code).toBe("template_error");
    expect(error.message).toContain("body: line 2: unknown variable {{ context }}; stage A offers:");
  });

  it("refuses a file with bad front matter with a template_error", async () => {
    const { app } = await setup();
    const res = await create(app, { text: fileText("objections").replace("stage: A", "stage: Z") });
    expect(res.status).toBe(400);
    expect((await res.json()).error).toMatchObject({ code: "template_error", message: /stage/ });
  });

  it("says which parts are missing", async () => {
    const { app } = await setup();
    const res = await create(app, { id: "open-loops", name: "Open loops" });
    expect(res.status).toBe(400);
    expect((await res.json()).error.message).toMatch(/missing: stage, description, body/);
  });

  it("refuses the id of a built-in or of an existing custom analyzer with 409", async () => {
    const { app } = await setup();
    expect((await create(app, { text: fileText("say-means") })).status).toBe(409);
    expect((await create(app, { text: fileText("objections") })).status).toBe(201);
    const again = await create(app, { text: fileText("objections") });
    expect(again.status).toBe(409);
    expect((await again.json()).error.code).toBe("conflict");
  });
});

describe("PUT /api/analyzers/:id", () => {
  it("replaces a custom analyzer", async () => {
    const { app } = await setup();
    await create(app, { text: fileText("objections") });
    const text = fileText("objections", " Say which stayed open.");
    const res = await app.request("/api/analyzers/objections", jsonRequest("PUT", { text }));
    expect(res.status).toBe(200);
    expect((await res.json()).analyzer).toMatchObject({
      id: "objections",
      text,
      updatedAt: expect.any(String),
    });
  });

  it("refuses a built-in with 403 and points to /api/prompts", async () => {
    const { app } = await setup();
    const res = await app.request(
      "/api/analyzers/say-means",
      jsonRequest("PUT", { text: fileText("say-means") }),
    );
    expect(res.status).toBe(403);
    expect((await res.json()).error).toMatchObject({ code: "forbidden", message: /\/api\/prompts/ });
  });

  it("answers 404 for an unknown analyzer and 400 when the text changes the id", async () => {
    const { app } = await setup();
    expect(
      (await app.request("/api/analyzers/objections", jsonRequest("PUT", { text: fileText("objections") })))
        .status,
    ).toBe(404);
    await create(app, { text: fileText("objections") });
    const renamed = await app.request(
      "/api/analyzers/objections",
      jsonRequest("PUT", { text: fileText("other") }),
    );
    expect(renamed.status).toBe(400);
    expect((await renamed.json()).error.message).toMatch(/id cannot change/);
  });
});

describe("DELETE /api/analyzers/:id", () => {
  it("deletes a custom analyzer only when confirm names it", async () => {
    const { app } = await setup();
    await create(app, { text: fileText("objections") });
    const bare = await app.request("/api/analyzers/objections", { method: "DELETE" });
    expect(bare.status).toBe(400);
    expect((await bare.json()).error.message).toContain('"confirm": "objections"');
    const wrong = await app.request("/api/analyzers/objections", jsonRequest("DELETE", { confirm: "yes" }));
    expect(wrong.status).toBe(400);
    expect((await app.request("/api/analyzers/objections")).status).toBe(200);

    const res = await app.request(
      "/api/analyzers/objections",
      jsonRequest("DELETE", { confirm: "objections" }),
    );
    expect(await res.json()).toEqual({ ok: true, deleted: "objections" });
    expect((await app.request("/api/analyzers/objections")).status).toBe(404);
  });

  it("refuses a built-in with 403 and an unknown id with 404", async () => {
    const { app } = await setup();
    const builtin = await app.request(
      "/api/analyzers/say-means",
      jsonRequest("DELETE", { confirm: "say-means" }),
    );
    expect(builtin.status).toBe(403);
    expect((await app.request("/api/analyzers/say-means")).status).toBe(200);
    const unknown = await app.request(
      "/api/analyzers/nothing-here",
      jsonRequest("DELETE", { confirm: "nothing-here" }),
    );
    expect(unknown.status).toBe(404);
  });

  it("needs an authenticated caller when tokens are set: a bearer or a signed-in session", async () => {
    const { app, deps } = await setup(TOKENS);
    expect((await create(app, { text: fileText("objections") }, BEARER)).status).toBe(201);
    expect((await create(app, { text: fileText("objections-two") }, BEARER)).status).toBe(201);
    const confirm = { confirm: "objections" };
    expect((await app.request("/api/analyzers/objections", jsonRequest("DELETE", confirm))).status).toBe(401);
    const anonymous = await openSession(deps);
    expect(
      (await app.request("/api/analyzers/objections", jsonRequest("DELETE", confirm, anonymous.headers())))
        .status,
    ).toBe(401);
    const viaBearer = await app.request("/api/analyzers/objections", jsonRequest("DELETE", confirm, BEARER));
    expect(viaBearer.status).toBe(200);
    const signed = await signedInSession(deps, "alpha-token-1");
    const viaSession = await app.request(
      "/api/analyzers/objections-two",
      jsonRequest("DELETE", { confirm: "objections-two" }, signed.headers()),
    );
    expect(viaSession.status).toBe(200);
  });

  it("lets a user add an analyzer but only an operator replace or delete one", async () => {
    const { app } = await setup(TOKENS);
    const user = { authorization: "Bearer beta-token-2" };
    expect((await create(app, { text: fileText("objections") }, user)).status).toBe(201);
    const replaced = await app.request(
      "/api/analyzers/objections",
      jsonRequest("PUT", { text: fileText("objections") }, user),
    );
    expect(replaced.status).toBe(403);
    const deleted = await app.request(
      "/api/analyzers/objections",
      jsonRequest("DELETE", { confirm: "objections" }, user),
    );
    expect(deleted.status).toBe(403);
    expect((await deleted.json()).error.message).toMatch(/operator/);
    expect((await app.request("/api/analyzers/objections", { headers: user })).status).toBe(200);
  });
});

describe("CSRF and open mode", () => {
  it("refuses a cookie session's POST without X-CSRF-Token and accepts it with the token", async () => {
    const { app, deps } = await setup();
    const s = await openSession(deps);
    const refused = await create(app, { text: fileText("objections") }, { cookie: s.cookie });
    expect(refused.status).toBe(403);
    expect((await app.request("/api/analyzers/objections")).status).toBe(404);
    const accepted = await create(app, { text: fileText("objections") }, s.headers());
    expect(accepted.status).toBe(201);
  });

  it("reads without a token in open mode and refuses reads without one when tokens are set", async () => {
    const open = await setup();
    expect((await open.app.request("/api/analyzers")).status).toBe(200);
    const closed = await setup(TOKENS);
    expect((await closed.app.request("/api/analyzers")).status).toBe(401);
    expect((await closed.app.request("/api/analyzers", { headers: BEARER })).status).toBe(200);
  });
});
