import { describe, expect, it } from "vitest";
import { provisionalInsights } from "../jobs/job-view";
import { craftedBundle } from "./bundle.test-helper";
import { csvExport } from "./csv";

/** RFC 4180 rows (CRLF line ends), enough to read back what the export wrote. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [[]];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    const next = text[i + 1];
    if (quoted && ch === '"' && next === '"') {
      cell += '"';
      i++;
    } else if (ch === '"') {
      quoted = !quoted;
    } else if (!quoted && (ch === "," || (ch === "\r" && next === "\n"))) {
      rows.at(-1)!.push(cell);
      cell = "";
      if (ch === "\r") {
        rows.push([]);
        i++;
      }
    } else {
      cell += ch;
    }
  }
  return rows.filter((r) => r.length > 0);
}

describe("the CSV export", () => {
  it("has one row per insight with owner, due date and evidence", () => {
    const rows = parseCsv(csvExport(craftedBundle()));
    expect(rows[0]!.slice(0, 5)).toEqual(["id", "type", "summary", "owner", "due"]);
    expect(rows).toHaveLength(5);
    expect(rows[1]).toEqual(
      expect.arrayContaining(["ins-1", "action", "Send the budget report", "Alice", "2025-10-03", "seg-1"]),
    );
  });

  it("guards cells a spreadsheet would run as a formula", () => {
    const rows = parseCsv(csvExport(craftedBundle()));
    const risk = rows.find((r) => r[0] === "ins-3")!;
    expect(risk[2]).toBe(`'=HYPERLINK("http://evil.example","vendor may miss the deadline")`);
    for (const row of rows) for (const cell of row) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
  });

  it("lists the keyword-rule items while the insights step has not run", () => {
    const b = craftedBundle({ status: "running" });
    b.insights = provisionalInsights(b.transcript, b.computed);
    const rows = parseCsv(csvExport(b));
    expect(rows.slice(1).map((r) => [r[1], r[2]])).toContainEqual([
      "action",
      "I'll send the budget report by Friday.",
    ]);
    expect(rows.slice(1).every((r) => r[7] === "heuristic")).toBe(true);
  });
});
