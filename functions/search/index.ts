import { searchMeetings } from "../../core/search/search";
import { createApp } from "../shared/app";
import type { HttpFunction } from "../shared/deps";
import { ownedMeetings, searchIndexOf } from "../shared/meetings";
import { validate } from "../shared/validate";
import { SearchQuerySchema } from "./model";

/**
 * Search across the caller's meetings: ranked passages with meeting title and date, speaker, time,
 * segment ids and the matched words marked, a page at a time. A meeting named in `meeting=` must be
 * the caller's (404 otherwise); another owner's meetings never appear.
 */
const search: HttpFunction = (deps) => {
  const app = createApp(deps);

  app.get("/api/search", validate("query", SearchQuerySchema), async (c) => {
    const query = c.req.valid("query");
    const principal = c.get("principal");
    const named = c.req.queries("meeting") ?? [];
    const meetings = named.length > 0 ? await ownedMeetings(deps, principal, named) : undefined;
    const page = await searchMeetings(
      searchIndexOf(deps),
      {
        q: query.q,
        filters: {
          ...(query.speaker ? { speaker: query.speaker } : {}),
          ...(query.from ? { from: query.from } : {}),
          ...(query.to ? { to: query.to } : {}),
          ...(meetings ? { meetings } : {}),
        },
        ...(query.page ? { page: query.page } : {}),
        ...(query.pageSize ? { pageSize: query.pageSize } : {}),
      },
      principal.owner,
    );
    return c.json({ ok: true, ...page });
  });
  return app;
};

export default search;
