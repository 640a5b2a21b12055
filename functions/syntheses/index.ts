import { streamSSE } from "hono/streaming";
import { parseSynthesisRequest, synthesizeMeetings } from "../../core/synthesis/run";
import { type SynthesisModel, synthesisModel } from "../../core/synthesis/with-model";
import { createApp } from "../shared/app";
import type { FunctionDeps, HttpFunction } from "../shared/deps";
import { analystSystem, ownedMeetings } from "../shared/meetings";

/**
 * A synthesis across several of the caller's meetings (each must be theirs, else 404): progress per
 * meeting, then what they share: with a model, themes with verified citations; without, the
 * keywords and topics they share. With `Accept: text/event-stream`, `progress` events and then
 * `result`; otherwise one JSON answer with the result and its Markdown.
 */
const syntheses: HttpFunction = (deps) => {
  const app = createApp(deps);

  app.post("/api/syntheses", async (c) => {
    const request = parseSynthesisRequest(await c.req.json().catch(() => null));
    const meetings = await ownedMeetings(deps, c.get("principal"), request.meetings);
    const checked = { ...request, meetings };
    const model = await modelFor(deps, c.get("session")?.encryptedApiKey);
    if (!(c.req.header("accept") ?? "").includes("text/event-stream")) {
      const { result, markdown } = await synthesizeMeetings(checked, deps.store, undefined, model);
      return c.json({ ok: true, synthesis: result, markdown });
    }
    return streamSSE(c, async (stream) => {
      const sent: Array<Promise<void>> = [];
      try {
        const { result, markdown } = await synthesizeMeetings(
          checked,
          deps.store,
          (p) => {
            sent.push(stream.writeSSE({ event: "progress", data: JSON.stringify(p) }));
          },
          model,
        );
        await Promise.all(sent);
        await stream.writeSSE({ event: "result", data: JSON.stringify({ synthesis: result, markdown }) });
      } catch (e) {
        deps.log.warn({ err: e, requestId: c.get("requestId") }, "synthesis failed");
        await stream.writeSSE({
          event: "error",
          data: JSON.stringify({ error: { code: "internal", message: "The synthesis could not be made." } }),
        });
      }
    });
  });
  return app;
};

/** The model a synthesis asks (the server's, or the session's own key), when there is one. */
async function modelFor(
  deps: FunctionDeps,
  credentials: string | undefined,
): Promise<SynthesisModel | undefined> {
  const llm = deps.llmFor(credentials);
  return llm
    ? synthesisModel(llm, deps.config.llm.model, await analystSystem(deps), deps.settings)
    : undefined;
}

export default syntheses;
