import type { Context } from "hono";
import { promptOptions } from "../../core/prompts/options";
import { type AppEnv, createApp, requireDestructive } from "../shared/app";
import type { HttpFunction } from "../shared/deps";
import { promptDetail } from "../shared/prompt-view";
import { validate } from "../shared/validate";
import {
  DeleteAllSchema,
  EditSchema,
  ListQuerySchema,
  listPrompts,
  promptTemplate,
  RESET_ALL_CONFIRM,
  ResetSchema,
  resetOne,
  TemplateQuerySchema,
} from "./model";

/**
 * The prompt files: list, read, edit (variables checked when saved), restore the built-ins. Restoring
 * every built-in needs an authenticated caller and an explicit confirmation.
 */
const prompts: HttpFunction = (deps) => {
  const app = createApp(deps);
  const resetAll = async (c: Context<AppEnv>, confirm: string | undefined) => {
    requireDestructive(c.get("principal"), deps, confirm, RESET_ALL_CONFIRM);
    await deps.prompts.resetAll();
    deps.log.info({ requestId: c.get("requestId"), owner: c.get("principal").owner }, "all prompts reset");
    return c.json({ ok: true, reset: "all" });
  };

  app.get("/api/prompts", validate("query", ListQuerySchema), async (c) =>
    c.json({ ok: true, prompts: await listPrompts(deps.prompts, c.req.valid("query").stage) }),
  );

  app.get("/api/prompt-template", validate("query", TemplateQuerySchema), async (c) =>
    c.json({ ok: true, ...(await promptTemplate(deps.prompts, c.req.valid("query").id)) }),
  );

  app.get("/api/prompt-options", async (c) => {
    const llmConfigured = deps.config.llm.configured || Boolean(c.get("session")?.encryptedApiKey);
    const options = await promptOptions(deps.prompts, { models: deps.config.llm.models, llmConfigured });
    return c.json({ ok: true, ...options });
  });

  app.post("/api/prompts", validate("json", EditSchema), async (c) => {
    const { id, text } = c.req.valid("json");
    const prompt = promptDetail(await deps.prompts.edit(id, text));
    deps.log.info(
      { requestId: c.get("requestId"), prompt: id, owner: c.get("principal").owner },
      "prompt saved",
    );
    return c.json({ ok: true, prompt });
  });

  app.post("/api/prompts/reset", validate("json", ResetSchema), async (c) => {
    const body = c.req.valid("json");
    if (body.all !== true) return c.json({ ok: true, prompt: await resetOne(deps.prompts, body.id) });
    return resetAll(c, body.confirm);
  });

  // The earlier tool deleted every prompt here without asking; this resets them, with auth and confirmation.
  app.delete("/api/prompts", validate("json", DeleteAllSchema), (c) =>
    resetAll(c, c.req.valid("json").confirm),
  );

  return app;
};

export default prompts;
