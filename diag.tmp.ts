import { PGlite } from "@electric-sql/pglite";
import { parseQuery, contentWords } from "./core/search/query";
import { rankMeetings, DEFAULT_RANKING } from "./core/search/rank";
import { searchableMeeting } from "./core/search/searchable";
import { pgliteClient } from "./infra/adapters/sql/pglite-client";
import { applySearchSchema, createSqlSearchIndex } from "./infra/adapters/sql/sql-search-index";
import { HELD_OUT, TUNING } from "./eval/split";
import { readDevMeeting } from "./eval/search/dev-library";
const names = [...TUNING, ...HELD_OUT];
const meetings = await Promise.all(names.map((n) => readDevMeeting(n)));
const db = pgliteClient(new PGlite());
await applySearchSchema(db);
const index = createSqlSearchIndex(db);
for (const m of meetings) await index.indexMeeting(searchableMeeting({ meetingId: m.name, owner: "e", transcript: m.transcript, computed: m.computed }));
const b = JSON.parse(process.argv[2] ?? '{"k1":1.2,"b":0.75}');
for (const half of [TUNING, HELD_OUT]) {
  const ranks: number[] = [];
  for (const m of meetings.filter((x) => (half as readonly string[]).includes(x.name))) for (const q of m.questions) {
    const words = contentWords(parseQuery(q.query).words);
    const lex = [...new Set((await index.analyze(words)).flat())];
    const stats = await index.termStats(lex, { owner: "e", filters: {} });
    const r = rankMeetings(lex, stats, { ...DEFAULT_RANKING, bm25: b }).map((x) => x.meeting.meetingId);
    ranks.push(r.indexOf(m.name) + 1);
  }
  const at = (k: number) => (ranks.filter((r) => r > 0 && r <= k).length / ranks.length).toFixed(3);
  console.log(half.length, "top1", at(1), "top2", at(2), "top3", at(3), "top5", at(5), "top8", at(8));
}
