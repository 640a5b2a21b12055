import { createApp, requireDestructive, requireOperator } from "../shared/app";
import type { HttpFunction } from "../shared/deps";
import { promptDetail } from "../shared/prompt-view";
import { validate } from "../shared/validate";
import {
  AnalyzerBodySchema,
  DeleteSchema,
  getAnalyzer,
  IdParamSchema,
  listAnalyzers,
  requestedText,
  requireCustom,
} from "./model";

/**
 * Custom analyzers: add, read, replace and delete them; built-ins are listed but protected.
 * Replacing or deleting one changes what every user runs, so it needs an operator.
 */
const analyzers: HttpFunction = (deps) => {
  const app = createApp(deps);

  app.get("/api/analyzers", async (c) => c.json({ ok: true, analyzers: await listAnalyzers(deps.prompts) }));

  app.get("/api/analyzers/:id", validate("param", IdParamSchema), async (c) =>
    c.json({ ok: true, analyzer: await getAnalyzer(deps.prompts, c.req.valid("param").id) }),
  );

  app.post("/api/analyzers", validate("json", AnalyzerBodySchema), async (c) => {
    const analyzer = promptDetail(await deps.prompts.createCustom(requestedText(c.req.valid("json"))));
    deps.log.info({ requestId: c.get("requestId"), analyzer: analyzer.id }, "custom analyzer added");
    c.header("Location", `/api/analyzers/${analyzer.id}`);
    return c.json({ ok: true, analyzer }, 201);
  });

  app.put(
    "/api/analyzers/:id",
    validate("param", IdParamSchema),
    validate("json", AnalyzerBodySchema),
    async (c) => {
      const { id } = c.req.valid("param");
      requireOperator(c.get("principal"), "Replacing a custom analyzer");
      await requireCustom(deps.prompts, id);
      const text = requestedText(c.req.valid("json"), id);
      const analyzer = promptDetail(await deps.prompts.updateCustom(id, text));
      deps.log.info({ requestId: c.get("requestId"), analyzer: id }, "custom analyzer updated");
      return c.json({ ok: true, analyzer });
    },
  );

  app.delete(
    "/api/analyzers/:id",
    validate("param", IdParamSchema),
    validate("json", DeleteSchema),
    async (c) => {
      const { id } = c.req.valid("param");
      requireOperator(c.get("principal"), "Deleting a custom analyzer");
      await requireCustom(deps.prompts, id);
      requireDestructive(c.get("principal"), deps, c.req.valid("json").confirm, id);
      await deps.prompts.deleteCustom(id);
      deps.log.info(
        { requestId: c.get("requestId"), analyzer: id, owner: c.get("principal").owner },
        "custom analyzer deleted",
      );
      return c.json({ ok: true, deleted: id });
    },
  );

  return app;
};

export default analyzers;
