/** Dates as people write them in a transcript header, to ISO `YYYY-MM-DD`. */

const MONTHS: Record<string, number> = {
  jan: 1,
  feb: 2,
  mar: 3,
  apr: 4,
  may: 5,
  jun: 6,
  jul: 7,
  aug: 8,
  sep: 9,
  sept: 9,
  oct: 10,
  nov: 11,
  dec: 12,
  january: 1,
  february: 2,
  march: 3,
  april: 4,
  june: 6,
  july: 7,
  august: 8,
  september: 9,
  october: 10,
  november: 11,
  december: 12,
};

const WEEKDAY = /^(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)[a-z]*\.?,?\s+/i;
const YEAR_FIRST = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:$|[T\s,])/;
// Slashes and dashes with the year last are read the US way (month first); dots the European way (day first).
const MONTH_FIRST = /^(\d{1,2})[/-](\d{1,2})[/-](\d{4})(?:$|[\s,])/;
const DAY_FIRST_DOTS = /^(\d{1,2})\.(\d{1,2})\.(\d{4})(?:$|[\s,])/;
const DAY_MONTH_NAME = /^(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?([a-z]{3,9})\.?,?\s+(\d{4})(?:$|[\s,])/i;
const MONTH_NAME_DAY = /^([a-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})(?:$|[\s,])/i;

/** `2025-10-01`, `1 October 2025`, `October 1, 2025`, `10/01/2025` (US), `01.10.2025` → `2025-10-01`; undefined otherwise. */
export function parseDate(text: string): string | undefined {
  const s = text.trim().replace(WEEKDAY, "");
  let m = YEAR_FIRST.exec(s);
  if (m) return isoDate(Number(m[1]), Number(m[2]), Number(m[3]));
  m = MONTH_FIRST.exec(s);
  if (m) return isoDate(Number(m[3]), Number(m[1]), Number(m[2]));
  m = DAY_FIRST_DOTS.exec(s);
  if (m) return isoDate(Number(m[3]), Number(m[2]), Number(m[1]));
  m = DAY_MONTH_NAME.exec(s);
  if (m) return isoDate(Number(m[3]), MONTHS[m[2]!.toLowerCase()], Number(m[1]));
  m = MONTH_NAME_DAY.exec(s);
  if (m) return isoDate(Number(m[3]), MONTHS[m[1]!.toLowerCase()], Number(m[2]));
  return undefined;
}

function isoDate(year: number, month: number | undefined, day: number): string | undefined {
  if (month === undefined || month < 1 || month > 12 || year < 1000 || day < 1) return undefined;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day > daysInMonth) return undefined;
  return `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}
