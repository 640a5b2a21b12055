import { describe, expect, it } from "vitest";
import { formatClockTime, parseClockTime } from "./timestamp";

describe("parseClockTime", () => {
  it.each([
    ["00:12", 12],
    ["75:30", 4530],
    ["1:02:03", 3723],
    ["00:00:20,385", 20.385],
    ["00:00:20.385", 20.385],
    ["00:12:03.5", 723.5],
  ])("reads %j as %d seconds", (text, seconds) => {
    expect(parseClockTime(text)).toBe(seconds);
  });

  it.each(["00:60", "01:60:00", "12", "1:2", "aa:bb", "00:00:01.0000"])("refuses %j", (text) => {
    expect(parseClockTime(text)).toBeUndefined();
  });
});

describe("formatClockTime", () => {
  it("writes hours, minutes and whole seconds", () => {
    expect(formatClockTime(83.9)).toBe("00:01:23");
    expect(formatClockTime(3723)).toBe("01:02:03");
    expect(formatClockTime(0)).toBe("00:00:00");
  });
});
