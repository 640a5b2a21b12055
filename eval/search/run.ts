/**
 * npm run eval:search — search quality on the 35 dev meetings in one library (PGlite in memory),
 * for every human question: meeting@1, hit@10 and recall@20 of the product's search, beside plain
 * BM25 over 3-turn windows (and, to show what the passages alone change, plain BM25 over the
 * product's passages), per half of the fixed split. Writes eval/results/search.json and .md.
 *
 *   npm run eval:search                        # all, and write the results
 *   npm run eval:search -- --weights '{"meeting":1}' --no-write   # try other weights
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { BM25_STANDARD, bm25, idf } from "../../core/search/bm25";
import { DEFAULT_PASSAGE_OPTIONS, type PassageOptions } from "../../core/search/passages";
import { DEFAULT_RANKING, type RankingWeights } from "../../core/search/rank";
import { rankSearch } from "../../core/search/search";
import { searchableMeeting } from "../../core/search/searchable";
import { migrate } from "../../infra/adapters/sql/migrate";
import { createPgliteClient } from "../../infra/adapters/sql/pglite-client";
import { createSqlSearchIndex } from "../../infra/adapters/sql/sql-search-index";
import { parseTsvector } from "../../infra/adapters/sql/tsvector";
import { HELD_OUT, TUNING } from "../split";
import { bm25Search, buildBm25Index } from "./bm25-baseline";
import { type DevQuestion, readLibraryMeeting } from "./dev-library";
import { meanScores, type QuestionScore, type RankedRange, scoreQuestion } from "./metrics";
import { type HalfResult, renderMarkdown } from "./report";

const OWNER = "eval";

const { values } = parseArgs({
  options: {
    weights: { type: "string" },
    passages: { type: "string" },
    "no-write": { type: "boolean" },
  },
});
const weights: RankingWeights = { ...DEFAULT_RANKING, ...(values.weights ? JSON.parse(values.weights) : {}) };
const passageOptions: Required<PassageOptions> = {
  ...DEFAULT_PASSAGE_OPTIONS,
  ...(values.passages ? JSON.parse(values.passages) : {}),
};

const names = [...TUNING, ...HELD_OUT];
const meetings = await Promise.all(names.map((n) => readLibraryMeeting(n)));
const db = await createPgliteClient(undefined, { relaxedDurability: true });
await migrate(db, { debug() {}, info() {}, warn() {}, error() {} });
const index = createSqlSearchIndex(db);

const searchable = meetings.map((m) =>
  searchableMeeting(
    { meetingId: m.name, owner: OWNER, transcript: m.transcript, computed: m.computed },
    passageOptions,
  ),
);
const indexStarted = performance.now();
for (const s of searchable) await index.indexMeeting(s);
const indexMs = performance.now() - indexStarted;
const ranges = new Map(searchable.flatMap((s) => s.passages.map((p) => [`${s.meetingId}#${p.index}`, p])));

// Plain BM25 over the product's passages: the same windows, no re-ranking.
const { rows: passageRows } = await db.query<{ meeting_id: string; passage: number; tsv: string }>(
  "SELECT meeting_id, passage, tsv::text AS tsv FROM search_passages",
);
const passageDocs = passageRows.map((r) => {
  const tf = new Map(Object.entries(parseTsvector(r.tsv)).map(([t, ps]) => [t, ps.length]));
  const p = ranges.get(`${r.meeting_id}#${r.passage}`)!;
  return {
    meeting: r.meeting_id,
    first: p.first,
    last: p.last,
    tf,
    length: [...tf.values()].reduce((a, b) => a + b, 0),
  };
});
const passageDf = new Map<string, number>();
for (const d of passageDocs) for (const t of d.tf.keys()) passageDf.set(t, (passageDf.get(t) ?? 0) + 1);
const passageAverage = passageDocs.reduce((a, d) => a + d.length, 0) / passageDocs.length;

const baseline = await buildBm25Index(db, meetings, 3);

interface Scored {
  question: DevQuestion;
  ours: QuestionScore;
  bm25: QuestionScore;
  bm25Passages: QuestionScore;
  ms: number;
}
const scored: Scored[] = [];
for (const m of meetings) {
  for (const question of m.questions) {
    const started = performance.now();
    const found = await rankSearch(index, { q: question.query, filters: {} }, OWNER, { weights });
    const ms = performance.now() - started;
    const ours: RankedRange[] = found.ranked.slice(0, 20).map((r) => {
      const p = ranges.get(`${r.match.meetingId}#${r.match.index}`)!;
      return { meeting: r.match.meetingId, first: p.first, last: p.last };
    });
    const plain = await bm25Search(db, baseline, question.query);
    const { rows } = await db.query<{ v: string }>("SELECT to_tsvector('english', $1)::text AS v", [
      question.query,
    ]);
    const q = Object.keys(parseTsvector(rows[0]!.v));
    const idfs = new Map(q.map((t) => [t, idf(passageDocs.length, passageDf.get(t) ?? 0)]));
    const overPassages = passageDocs
      .map((d) => ({ d, s: bm25(d.tf, idfs, d.length, passageAverage, BM25_STANDARD) }))
      .filter((x) => x.s > 0)
      .sort((a, b) => b.s - a.s)
      .slice(0, 20)
      .map(({ d }) => d);
    scored.push({
      question,
      ours: scoreQuestion(question, ours),
      bm25: scoreQuestion(question, plain),
      bm25Passages: scoreQuestion(question, overPassages),
      ms,
    });
  }
}

const half = (label: string, list: readonly string[]): HalfResult => {
  const subset = scored.filter((s) => list.includes(s.question.meeting));
  return {
    label,
    meetings: list.length,
    questions: subset.length,
    ours: meanScores(subset.map((s) => s.ours)),
    bm25: meanScores(subset.map((s) => s.bm25)),
    bm25Passages: meanScores(subset.map((s) => s.bm25Passages)),
  };
};
const halves = [half("tuning", TUNING), half("held-out", HELD_OUT), half("all", names)];
const times = scored.map((s) => s.ms).sort((a, b) => a - b);
const passageTurns = searchable.flatMap((s) => s.passages.map((p) => p.last - p.first + 1));
const passageWords = searchable.flatMap((s) => s.passages.map((p) => p.words));
const result = {
  corpus: "test/fixtures/dev (35 meetings, QMSum queries)",
  split: "eval/split.ts",
  ranking: weights,
  passages: {
    options: passageOptions,
    count: passageTurns.length,
    meanTurns: passageTurns.reduce((a, b) => a + b, 0) / passageTurns.length,
    meanWords: passageWords.reduce((a, b) => a + b, 0) / passageWords.length,
  },
  baseline: { windows: baseline.windows.length, turnsPerWindow: 3, k1: BM25_STANDARD.k1, b: BM25_STANDARD.b },
  halves,
  timing: {
    indexAllMs: Math.round(indexMs),
    queryMedianMs: Math.round(times[Math.floor(times.length / 2)]!),
    queryP95Ms: Math.round(times[Math.floor(times.length * 0.95)]!),
  },
  questions: scored.map((s) => ({
    meeting: s.question.meeting,
    query: s.question.query,
    ours: s.ours,
    bm25: s.bm25,
  })),
};
const markdown = renderMarkdown(result);
process.stdout.write(markdown);
if (!values["no-write"]) {
  const dir = new URL("../results/", import.meta.url);
  mkdirSync(dir, { recursive: true });
  writeFileSync(new URL("search.json", dir), `${JSON.stringify(result, null, 2)}\n`);
  writeFileSync(new URL("search.md", dir), markdown);
}
await db.close();
