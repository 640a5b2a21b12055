/**
 * Opens the PGlite database in the folder given and migrates it, in a process of its own (so no
 * compiled WebAssembly is reused), and prints the milliseconds it took: what a host's start costs.
 */
import { createPgliteClient, migrate } from "../infra/adapters/sql";

const QUIET = { debug() {}, info() {}, warn() {}, error() {} };
const started = performance.now();
const db = await createPgliteClient(process.argv[2]!);
await migrate(db, QUIET);
const { rows } = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM jobs");
const ms = performance.now() - started;
await db.close();
console.log(JSON.stringify({ ms: Math.round(ms), jobs: rows[0]!.n }));
