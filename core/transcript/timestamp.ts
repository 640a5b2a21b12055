/** Clock times as transcripts write them: `mm:ss`, `hh:mm:ss`, with an optional `.5` or `,500` fraction. */
const CLOCK = /^(\d{1,3}):(\d{2})(?::(\d{2}))?(?:[.,](\d{1,3}))?$/;

/** Seconds from `00:12`, `1:02:03`, `00:00:01,000` or `[00:12:03.5]`-style text; undefined if it is not one. */
export function parseClockTime(text: string): number | undefined {
  const m = CLOCK.exec(text.trim());
  if (!m) return undefined;
  const [, first, second, third, fraction] = m;
  const hours = third === undefined ? 0 : Number(first);
  const minutes = third === undefined ? Number(first) : Number(second);
  const seconds = Number(third ?? second);
  // With hours present, minutes must be a clock's minutes; `75:30` alone is a fine mm:ss.
  if (seconds > 59 || (third !== undefined && minutes > 59)) return undefined;
  const millis = fraction === undefined ? 0 : Math.round(Number(fraction) * 10 ** (3 - fraction.length));
  // Whole milliseconds, divided once, so `20.385` comes out as the literal 20.385 would.
  return (((hours * 60 + minutes) * 60 + seconds) * 1000 + millis) / 1000;
}

/** `[hh:mm:ss]`-style text for a number of seconds (whole seconds, rounded down). */
export function formatClockTime(totalSeconds: number): string {
  const whole = Math.max(0, Math.floor(totalSeconds));
  const hours = Math.floor(whole / 3600);
  const minutes = Math.floor((whole % 3600) / 60);
  const seconds = whole % 60;
  return [hours, minutes, seconds].map((n) => String(n).padStart(2, "0")).join(":");
}
