import { describe, expect, it } from "vitest";
import { findDuePhrase } from "./dates";

// 2025-10-01 is a Wednesday.
const WEDNESDAY = "2025-10-01";
const due = (text: string, reference: string | Date = WEDNESDAY) => findDuePhrase(text, reference)?.date;

describe("findDuePhrase", () => {
  it.each([
    ["I'll send the report by Friday", "2025-10-03"],
    ["this Friday", "2025-10-03"],
    ["next Friday", "2025-10-10"],
    ["on Wednesday", "2025-10-08"],
    ["tomorrow", "2025-10-02"],
    ["by end of day", "2025-10-01"],
    ["next week", "2025-10-10"],
    ["by the end of next week", "2025-10-10"],
    ["end of this week", "2025-10-03"],
    ["by October 3", "2025-10-03"],
    ["by Oct 3rd, 2026", "2026-10-03"],
    ["the twenty-first of October", "2025-10-21"],
    ["on the 15th", "2025-10-15"],
    ["by the end of the month", "2025-10-31"],
    ["next month", "2025-11-30"],
    ["in two weeks", "2025-10-15"],
    ["in 3 days", "2025-10-04"],
    ["by 2025-12-01", "2025-12-01"],
  ])("resolves %j from Wednesday 2025-10-01 to %s", (text, expected) => {
    expect(due(text)).toBe(expected);
  });

  it("rolls a day of the month that has passed into the next month", () => {
    expect(due("on the 15th", "2025-10-20")).toBe("2025-11-15");
  });

  it("puts a month long gone into next year, but keeps yesterday", () => {
    expect(due("the 3rd of May")).toBe("2026-05-03");
    expect(due("by January 15", "2025-12-20")).toBe("2026-01-15");
    expect(due("by September 30")).toBe("2025-09-30");
  });

  it("knows February's length", () => {
    expect(due("end of the month", "2024-02-10")).toBe("2024-02-29");
    expect(due("end of the month", "2025-02-10")).toBe("2025-02-28");
  });

  it("takes a moment's UTC day as the reference", () => {
    expect(due("tomorrow", new Date("2025-10-01T23:30:00Z"))).toBe("2025-10-02");
  });

  it("returns the phrase without a date when there is no reference", () => {
    expect(findDuePhrase("send it by Friday please")).toEqual({ phrase: "by friday" });
  });

  it("ignores words that only look like dates", () => {
    expect(findDuePhrase("we may first check the design")).toBeUndefined();
    expect(findDuePhrase("I march on and on")).toBeUndefined();
    expect(findDuePhrase("nothing here at all")).toBeUndefined();
  });
});
