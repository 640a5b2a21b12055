import { parseClockTime } from "./timestamp";

const UNIT_SECONDS: Record<string, number> = { h: 3600, m: 60, s: 1 };
const PART = /(\d+(?:\.\d+)?)\s*(h|hrs?|hours?|m|mins?|minutes?|s|secs?|seconds?)(?![a-z])/gi;

/** `45 min`, `1:02:03`, `1h 5m`, `3600s`, `1 hour 5 minutes` → seconds; undefined for anything else (a bare number is ambiguous). */
export function parseDuration(text: string): number | undefined {
  const s = text.trim();
  if (s === "" || s.length > 60) return undefined;
  const clock = parseClockTime(s);
  if (clock !== undefined) return clock;
  let total = 0;
  let matched = false;
  const rest = s.replace(PART, (_, amount: string, unit: string) => {
    total += Number(amount) * UNIT_SECONDS[unit[0]!.toLowerCase()]!;
    matched = true;
    return " ";
  });
  // Every character must belong to an amount: "45 min of chat" is not a duration.
  if (!matched || !/^(?:[\s,]|and)*$/i.test(rest)) return undefined;
  return Math.round(total * 1000) / 1000;
}
