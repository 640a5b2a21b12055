import { PGlite } from "@electric-sql/pglite";
import { rankSearch } from "./core/search/search";
import { searchableMeeting } from "./core/search/searchable";
import { pgliteClient } from "./infra/adapters/sql/pglite-client";
import { applySearchSchema, createSqlSearchIndex } from "./infra/adapters/sql/sql-search-index";
import { HELD_OUT, TUNING } from "./eval/split";
import { readDevMeeting } from "./eval/search/dev-library";
const names = [...TUNING];
const meetings = await Promise.all([...TUNING, ...HELD_OUT].map((n) => readDevMeeting(n)));
const db = pgliteClient(new PGlite());
await applySearchSchema(db);
const index = createSqlSearchIndex(db);
for (const m of meetings) await index.indexMeeting(searchableMeeting({ meetingId: m.name, owner: "e", transcript: m.transcript, computed: m.computed }));
for (const m of meetings.filter((x) => (names as readonly string[]).includes(x.name))) for (const q of m.questions) {
  const f = await rankSearch(index, { q: q.query, filters: {} }, "e");
  const top = [...new Set(f.ranked.slice(0, 10).map((r) => r.match.meetingId))];
  if (f.ranked[0]?.match.meetingId !== m.name) console.log(`${m.name} | ${top.join(",")} | ${q.query} | ${f.terms.join(" ")}`);
}
