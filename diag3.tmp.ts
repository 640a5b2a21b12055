import { PGlite } from "@electric-sql/pglite";
import { rankSearch } from "./core/search/search";
import { DEFAULT_RANKING } from "./core/search/rank";
import { searchableMeeting } from "./core/search/searchable";
import { pgliteClient } from "./infra/adapters/sql/pglite-client";
import { applySearchSchema, createSqlSearchIndex } from "./infra/adapters/sql/sql-search-index";
import { HELD_OUT, TUNING } from "./eval/split";
import { readDevMeeting } from "./eval/search/dev-library";
const meetings = await Promise.all([...TUNING, ...HELD_OUT].map((n) => readDevMeeting(n)));
const db = pgliteClient(new PGlite());
await applySearchSchema(db);
const index = createSqlSearchIndex(db);
const S = meetings.map((m) => searchableMeeting({ meetingId: m.name, owner: "e", transcript: m.transcript, computed: m.computed }));
for (const s of S) await index.indexMeeting(s);
const pmap = new Map(S.flatMap((s) => s.passages.map((p) => [`${s.meetingId}#${p.index}`, p])));
const w = { ...DEFAULT_RANKING, diversity: 0, ...JSON.parse(process.argv[2] ?? "{}") };
const cats = { absent: 0, presentMiss: 0, hit: 0, n: 0, spanTurns: 0 };
for (const m of meetings.filter((x) => (TUNING as readonly string[]).includes(x.name))) for (const q of m.questions) {
  const f = await rankSearch(index, { q: q.query, filters: {} }, "e", { weights: w });
  const top = f.ranked.slice(0, 10).map((r) => ({ m: r.match.meetingId, p: pmap.get(`${r.match.meetingId}#${r.match.index}`)! }));
  const own = top.filter((t) => t.m === m.name);
  const hit = own.some((t) => q.spans.some(([a, b]) => t.p.first <= b && a <= t.p.last));
  cats.n++;
  cats.spanTurns += q.spans.reduce((a, [x, y]) => a + y - x + 1, 0) / m.transcript.segments.length;
  if (own.length === 0) cats.absent++; else if (!hit) { cats.presentMiss++; if (process.argv[3]) console.log(m.name, q.query, JSON.stringify(q.spans), own.map((t) => `${t.p.first}-${t.p.last}`).join(" ")); } else cats.hit++;
}
console.log(cats);
