import { describe, expect, it } from "vitest";
import { jsonRequest, useTestDeps } from "../../test/helpers/function-deps";
import { openSession, signedInSession } from "../session/session.test-helper";
import type { FunctionDeps } from "../shared/deps";
import prompts from "./index";

const testDeps = useTestDeps();
async function setup(env: Record<string, string> = {}) {
  const t = await testDeps(env);
  return { ...t, app: prompts(t.deps) };
}

/** alpha is an operator (ADMIN_TOKENS); beta is an ordinary user. */
const TOKENS = { API_TOKENS: "alpha-token-1,beta-token-2", ADMIN_TOKENS: "alpha-token-1" };
const BEARER = { authorization: "Bearer alpha-token-1" };
const RESET_ALL = { confirm: "reset-all-prompts" };

/** The built-in say-means prompt with one more instruction line. */
async function editedSayMeans(deps: FunctionDeps): Promise<string> {
  const { text } = await deps.prompts.getBuiltin("say-means");
  return `${text.trimEnd()}\n- Keep the whole answer under 400 words.\n`;
}
async function saveEdit(app: ReturnType<typeof prompts>, deps: FunctionDeps, headers = {}) {
  const text = await editedSayMeans(deps);
  const res = await app.request("/api/prompts", jsonRequest("POST", { id: "say-means", text }, headers));
  expect(res.status).toBe(200);
  return text;
}
const edited = async (deps: FunctionDeps) => (await deps.prompts.get("say-means")).edited;

describe("GET /api/prompts", () => {
  it("lists the analyzers of every stage with their fields, and no system prompts", async () => {
    const { app } = await setup();
    const res = await app.request("/api/prompts");
    expect(res.status).toBe(200);
    const body = await res.json();
    const stages = new Set(body.prompts.map((p: { stage: string }) => p.stage));
    expect(stages).toEqual(new Set(["A", "B", "final"]));
    expect(body.prompts).toHaveLength(19);
    expect(body.prompts.find((p: { id: string }) => p.id === "say-means")).toEqual({
      id: "say-means",
      name: "Say / Means",
      stage: "A",
      description: expect.stringMatching(/said against what they meant/),
      builtin: true,
      edited: false,
      output: "markdown",
      requires: ["transcript"],
      optional: [],
      variables: ["title", "speakers", "chunk_note"],
    });
  });

  it("lists one stage, system prompts only when asked for", async () => {
    const { app } = await setup();
    const b = await (await app.request("/api/prompts?stage=B")).json();
    expect(b.prompts.map((p: { id: string }) => p.id)).toContain("competing-hypotheses");
    expect(b.prompts.every((p: { stage: string }) => p.stage === "B")).toBe(true);
    const system = await (await app.request("/api/prompts?stage=system")).json();
    expect(system.prompts.map((p: { id: string }) => p.id).sort()).toEqual([
      "analyst",
      "insights",
      "reduce",
      "transcript-summary",
    ]);
  });

  it("refuses an unknown stage with a 400 naming the stages", async () => {
    const { app } = await setup();
    const res = await app.request("/api/prompts?stage=C");
    expect(res.status).toBe(400);
    expect((await res.json()).error.message).toMatch(/stage is one of A, B, final, system/);
  });
});

describe("GET /api/prompt-template", () => {
  it("gives the file text, and with an edit in effect the built-in text beside it", async () => {
    const { app, deps } = await setup();
    const builtin = (await deps.prompts.getBuiltin("say-means")).text;
    const before = await (await app.request("/api/prompt-template?id=say-means")).json();
    expect(before).toEqual({ ok: true, id: "say-means", text: builtin });
    const text = await saveEdit(app, deps);
    const after = await (await app.request("/api/prompt-template?id=say-means")).json();
    expect(after).toEqual({ ok: true, id: "say-means", text, builtinText: builtin });
  });

  it.each([
    ["/api/prompt-template?id=no-such-prompt", 404, "not_found"],
    ["/api/prompt-template?id=../../etc/passwd", 400, "invalid_request"],
    ["/api/prompt-template", 400, "invalid_request"],
  ])("answers %s with %i", async (path, status, code) => {
    const { app } = await setup();
    const res = await app.request(path);
    expect(res.status).toBe(status);
    expect((await res.json()).error.code).toBe(code);
  });
});

describe("POST /api/prompts (edit)", () => {
  it("saves an edit that later reads and lists show as edited", async () => {
    const { app, deps } = await setup();
    const text = await editedSayMeans(deps);
    const res = await app.request("/api/prompts", jsonRequest("POST", { id: "say-means", text }));
    const body = await res.json();
    expect(body).toMatchObject({
      ok: true,
      prompt: { id: "say-means", builtin: true, edited: true, text, updatedAt: expect.any(String) },
    });
    const listed = (await (await app.request("/api/prompts?stage=A")).json()).prompts;
    expect(listed.find((p: { id: string }) => p.id === "say-means")).toMatchObject({ edited: true });
  });

  it("refuses a template with an unknown variable: 400 template_error naming the line and the variable", async () => {
    const { app, deps } = await setup();
    const { text } = await deps.prompts.getBuiltin("say-means");
    const lines = text.trimEnd().split("\n");
    const bad = [...lines, "Also consider {{ mood }}."].join("\n");
    const res = await app.request("/api/prompts", jsonRequest("POST", { id: "say-means", text: bad }));
    expect(res.status).toBe(400);
    const { error } = await res.json();
    expect(error.code).toBe("template_error");
    expect(error.message).toContain(`line ${lines.length + 1}`);
    expect(error.message).toContain("{{ mood }}");
    expect(await edited(deps)).toBe(false);
  });

  it("refuses template code such as {% for %} with a template_error", async () => {
    const { app, deps } = await setup();
    const text = `${(await deps.prompts.getBuiltin("say-means")).text}\n{% for x in y %}\n`;
    const res = await app.request("/api/prompts", jsonRequest("POST", { id: "say-means", text }));
    expect(res.status).toBe(400);
    expect((await res.json()).error).toMatchObject({ code: "template_error", message: /not supported/ });
  });

  it("answers 404 for an unknown prompt and 400 for a body without text", async () => {
    const { app, deps } = await setup();
    const text = await editedSayMeans(deps);
    const unknown = await app.request("/api/prompts", jsonRequest("POST", { id: "no-such-prompt", text }));
    expect(unknown.status).toBe(404);
    const noText = await app.request("/api/prompts", jsonRequest("POST", { id: "say-means" }));
    expect(noText.status).toBe(400);
    expect((await noText.json()).error.message).toMatch(/^text:/);
  });
});

describe("POST /api/prompts/reset", () => {
  it("restores one built-in", async () => {
    const { app, deps } = await setup();
    await saveEdit(app, deps);
    const res = await app.request("/api/prompts/reset", jsonRequest("POST", { id: "say-means" }));
    expect(await res.json()).toMatchObject({ ok: true, prompt: { id: "say-means", edited: false } });
    expect(await edited(deps)).toBe(false);
  });

  it("restores every built-in only with the confirmation", async () => {
    const { app, deps } = await setup();
    await saveEdit(app, deps);
    const refused = await app.request("/api/prompts/reset", jsonRequest("POST", { all: true }));
    expect(refused.status).toBe(400);
    expect((await refused.json()).error.message).toContain('"confirm": "reset-all-prompts"');
    expect(await edited(deps)).toBe(true);
    const res = await app.request("/api/prompts/reset", jsonRequest("POST", { all: true, ...RESET_ALL }));
    expect(await res.json()).toEqual({ ok: true, reset: "all" });
    expect(await edited(deps)).toBe(false);
  });

  it("says what to send when neither an id nor all is given", async () => {
    const { app } = await setup();
    const res = await app.request("/api/prompts/reset", jsonRequest("POST", {}));
    expect(res.status).toBe(400);
    expect((await res.json()).error.message).toMatch(/"id"/);
  });
});

describe("DELETE /api/prompts", () => {
  it("resets every prompt with the confirmation, and refuses without it", async () => {
    const { app, deps } = await setup();
    await saveEdit(app, deps);
    const bare = await app.request("/api/prompts", { method: "DELETE" });
    expect(bare.status).toBe(400);
    const wrong = await app.request("/api/prompts", jsonRequest("DELETE", { confirm: "yes" }));
    expect(wrong.status).toBe(400);
    expect(await edited(deps)).toBe(true);
    const res = await app.request("/api/prompts", jsonRequest("DELETE", RESET_ALL));
    expect(await res.json()).toEqual({ ok: true, reset: "all" });
    expect(await edited(deps)).toBe(false);
  });

  it("needs an authenticated caller when tokens are set: a bearer or a signed-in session with its CSRF token", async () => {
    const { app, deps } = await setup(TOKENS);
    await saveEdit(app, deps, BEARER);
    expect((await app.request("/api/prompts", jsonRequest("DELETE", RESET_ALL))).status).toBe(401);
    const anonymous = await openSession(deps);
    expect(
      (await app.request("/api/prompts", jsonRequest("DELETE", RESET_ALL, anonymous.headers()))).status,
    ).toBe(401);
    expect(await edited(deps)).toBe(true);

    const signed = await signedInSession(deps, "alpha-token-1");
    const noCsrf = await app.request(
      "/api/prompts",
      jsonRequest("DELETE", RESET_ALL, { cookie: signed.cookie }),
    );
    expect(noCsrf.status).toBe(403);
    expect(await edited(deps)).toBe(true);
    const viaSession = await app.request("/api/prompts", jsonRequest("DELETE", RESET_ALL, signed.headers()));
    expect(viaSession.status).toBe(200);
    expect(await edited(deps)).toBe(false);

    await saveEdit(app, deps, BEARER);
    const viaBearer = await app.request("/api/prompts", jsonRequest("DELETE", RESET_ALL, BEARER));
    expect(viaBearer.status).toBe(200);
    expect(await edited(deps)).toBe(false);
  });
});

describe("who may change what every user gets", () => {
  it("lets only an operator edit or reset a prompt: 403 for another token, and nothing changes", async () => {
    const { app, deps } = await setup(TOKENS);
    const user = { authorization: "Bearer beta-token-2" };
    const text = await editedSayMeans(deps);
    const refused = await app.request("/api/prompts", jsonRequest("POST", { id: "say-means", text }, user));
    expect(refused.status).toBe(403);
    expect((await refused.json()).error).toMatchObject({
      code: "forbidden",
      message: /operator.*ADMIN_TOKENS/,
    });
    expect(await edited(deps)).toBe(false);

    await saveEdit(app, deps, BEARER);
    const reset = await app.request("/api/prompts/reset", jsonRequest("POST", { id: "say-means" }, user));
    expect(reset.status).toBe(403);
    expect((await app.request("/api/prompts", jsonRequest("DELETE", RESET_ALL, user))).status).toBe(403);
    expect(await edited(deps)).toBe(true);
    // A user still reads the prompts.
    expect((await app.request("/api/prompts", { headers: user })).status).toBe(200);
  });

  it("keeps a prompt from being saved when its step never gives a variable it names", async () => {
    const { app, deps } = await setup();
    const { text } = await deps.prompts.getBuiltin("insights");
    const broken = text
      .replace("variables: [date, speakers]", "variables: [date, speakers, analyzer_name]")
      .replace("Speakers: {{ speakers }}.", "Speakers: {{ speakers }}. {{ analyzer_name }}");
    const res = await app.request("/api/prompts", jsonRequest("POST", { id: "insights", text: broken }));
    expect(res.status).toBe(400);
    expect((await res.json()).error).toMatchObject({
      code: "template_error",
      message: /"analyzer_name" has no value/,
    });
    expect((await deps.prompts.get("insights")).edited).toBe(false);
  });
});

describe("GET /api/prompt-options", () => {
  it("offers the analyzers of each stage, the default models and the names a prompt may use", async () => {
    const { app } = await setup({ OPENAI_MODEL: "gpt-4.1-mini", OPENAI_MODEL_FINAL: "gpt-5-mini" });
    const body = await (await app.request("/api/prompt-options")).json();
    expect(body.ok).toBe(true);
    expect(body.stages.stageA).toContainEqual({
      id: "say-means",
      name: "Say / Means",
      description: expect.any(String),
      builtin: true,
    });
    expect(body.stages.stageA).toHaveLength(9);
    expect(body.stages.stageB).toHaveLength(5);
    expect(body.stages.final.map((p: { id: string }) => p.id)).toContain("meeting-notes");
    expect(body.defaults).toEqual({
      models: { stageA: "gpt-4.1-mini", stageB: "gpt-4.1-mini", final: "gpt-5-mini" },
      llmConfigured: false,
    });
    expect(body.variables.A).toEqual(expect.arrayContaining(["transcript", "title", "speakers"]));
    expect(body.variables.A).not.toContain("context");
    expect(body.variables.B).toEqual(expect.arrayContaining(["context", "transcript"]));
    expect(body.variables.final).not.toContain("analyzer_instructions");
  });

  it("says the model service is usable once this session has its own key", async () => {
    const { app, deps } = await setup();
    const s = await openSession(deps);
    const stored = await deps.sessions.get(s.id);
    await deps.sessions.set({ ...stored!, encryptedApiKey: deps.secrets.encrypt("sk-own-key-1234") }, 600);
    const body = await (await app.request("/api/prompt-options", { headers: { cookie: s.cookie } })).json();
    expect(body.defaults.llmConfigured).toBe(true);
  });
});
