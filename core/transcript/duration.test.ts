import { describe, expect, it } from "vitest";
import { parseDuration } from "./duration";

describe("parseDuration", () => {
  it.each([
    ["45 min", 2700],
    ["45 minutes", 2700],
    ["1:02:03", 3723],
    ["62:03", 3723],
    ["1h 5m", 3900],
    ["1h5m30s", 3930],
    ["3600s", 3600],
    ["1 hour and 5 minutes", 3900],
    ["1.5 hours", 5400],
  ])("reads %j as %i seconds", (text, seconds) => {
    expect(parseDuration(text)).toBe(seconds);
  });

  it.each(["45", "about an hour", "45 min of chat", "", "1:99:00"])("refuses %j", (text) => {
    expect(parseDuration(text)).toBeUndefined();
  });
});
