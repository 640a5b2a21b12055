import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { threadScript } from "../../runtime/thread-script";
import { createPgliteThreadClient } from "./pglite-thread-client";
import { describeSqlError, isUnavailable, type SqlClient } from "./sql-client";

const script = threadScript("./pglite-thread.mjs", "../adapters/sql/pglite-thread.ts");

describe("PGlite on a thread of its own", () => {
  let db: SqlClient;
  beforeAll(async () => {
    db = await createPgliteThreadClient(undefined, script, { relaxedDurability: true });
    await db.exec(
      "CREATE TABLE t (id int PRIMARY KEY, doc jsonb, tags text[], at timestamptz DEFAULT now())",
    );
  });
  afterAll(() => db?.close());

  it("answers rows as in-process PGlite does: JSON parsed, arrays, dates, counts", async () => {
    const inserted = await db.query(
      "INSERT INTO t (id, doc, tags) VALUES ($1, $2::jsonb, $3), ($4, $5::jsonb, $6)",
      [1, JSON.stringify({ a: [1, 2] }), ["x", "y"], 2, "{}", []],
    );
    expect(inserted.rowCount).toBe(2);
    const { rows } = await db.query<{ id: number; doc: unknown; tags: string[]; at: Date }>(
      "SELECT id, doc, tags, at FROM t ORDER BY id",
    );
    expect(rows.map(({ id, doc, tags }) => ({ id, doc, tags }))).toEqual([
      { id: 1, doc: { a: [1, 2] }, tags: ["x", "y"] },
      { id: 2, doc: {}, tags: [] },
    ]);
    expect(rows[0]!.at).toBeInstanceOf(Date);
  });

  it("passes a database error on with its SQLSTATE, and commits or rolls back a transaction", async () => {
    const error = await db.query("INSERT INTO t (id) VALUES (1)").catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "23505" });
    expect(describeSqlError(error)).toMatch(/duplicate key.*SQLSTATE 23505/);
    expect(isUnavailable(error)).toBe(false);

    await db.transaction(async (tx) => {
      await tx.query("INSERT INTO t (id) VALUES (10)");
      await tx.query("INSERT INTO t (id) VALUES (11)");
    });
    await expect(
      db.transaction(async (tx) => {
        await tx.query("INSERT INTO t (id) VALUES (12)");
        throw new Error("changed my mind");
      }),
    ).rejects.toThrow("changed my mind");
    const { rows } = await db.query<{ id: number }>("SELECT id FROM t WHERE id >= 10 ORDER BY id");
    expect(rows.map((r) => r.id)).toEqual([10, 11]);
  });

  it("lets no other statement into a transaction, as in-process PGlite does", async () => {
    const seen: string[] = [];
    const tx = db.transaction(async (q) => {
      await q.query("INSERT INTO t (id) VALUES (20)");
      await new Promise((r) => setTimeout(r, 50));
      seen.push("transaction");
      await q.query("DELETE FROM t WHERE id = 20");
    });
    const outside = db.query<{ n: number }>("SELECT count(*)::int AS n FROM t WHERE id = 20").then((r) => {
      seen.push("outside");
      return r.rows[0]!.n;
    });
    await tx;
    // The outside statement ran after the transaction: it never saw row 20.
    expect(await outside).toBe(0);
    expect(seen).toEqual(["transaction", "outside"]);
  });

  it("keeps the caller's event loop free while a long statement runs", async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 5);
    const started = performance.now();
    await db.query("SELECT count(*) FROM generate_series(1, 4000000) g, LATERAL (SELECT md5(g::text)) m");
    const ms = performance.now() - started;
    clearInterval(timer);
    // A statement in this thread would hold every timer until it ended.
    expect(ms).toBeGreaterThan(100);
    expect(ticks).toBeGreaterThan(ms / 5 / 4);
  });

  it("tells its owner once when its thread stops on its own, and not when it is closed", async () => {
    const failures: string[] = [];
    const dying = { code: "process.exit(3)", eval: true };
    await expect(
      createPgliteThreadClient(undefined, dying, { onFailure: (e) => failures.push(e.message) }),
    ).rejects.toMatchObject({ code: "57P01" });
    expect(failures).toEqual(["The database thread stopped (exit code 3)."]);

    const closed: string[] = [];
    const other = await createPgliteThreadClient(undefined, script, {
      relaxedDurability: true,
      onFailure: (e) => closed.push(e.message),
    });
    await other.close();
    expect(closed).toEqual([]);
  });

  it("says the database is unavailable once its thread has stopped", async () => {
    const other = await createPgliteThreadClient(undefined, script, { relaxedDurability: true });
    await other.close();
    const error = await other.query("SELECT 1").catch((e: unknown) => e);
    expect(isUnavailable(error)).toBe(true);
    expect(await other.ping()).toBe("down");
  });
});
