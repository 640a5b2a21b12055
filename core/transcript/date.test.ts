import { describe, expect, it } from "vitest";
import { parseDate } from "./date";

describe("parseDate", () => {
  it.each([
    ["2025-10-01", "2025-10-01"],
    ["2025-10-01T14:00:00Z", "2025-10-01"],
    ["2025/1/5", "2025-01-05"],
    ["1 October 2025", "2025-10-01"],
    ["1st Oct 2025", "2025-10-01"],
    ["October 1, 2025", "2025-10-01"],
    ["Oct 1 2025", "2025-10-01"],
    ["Wednesday, October 1, 2025", "2025-10-01"],
    ["10/01/2025", "2025-10-01"],
    ["01.10.2025", "2025-10-01"],
    ["29 February 2024", "2024-02-29"],
  ])("reads %j as %s", (text, iso) => {
    expect(parseDate(text)).toBe(iso);
  });

  it.each(["next week", "2025-13-01", "30 February 2025", "31/12/2025", "Smarch 3, 2025", "45", ""])(
    "refuses %j",
    (text) => {
      expect(parseDate(text)).toBeUndefined();
    },
  );
});
