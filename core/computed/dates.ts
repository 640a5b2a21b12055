/**
 * Due dates from the date phrases people use when they commit to something ("by Friday",
 * "tomorrow", "end of the month", "by October 3"), resolved against a reference day. All dates are
 * calendar days, `YYYY-MM-DD`, computed in UTC so the answer never depends on the server's zone.
 */

export interface DuePhrase {
  /** The words that gave the date, as they appear in the (lowercased) text. */
  phrase: string;
  /** Set when a reference day was given. */
  date?: string;
}

const DAY_MS = 86_400_000;
const WEEKDAYS = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"];
const MONTHS = [
  "january",
  "february",
  "march",
  "april",
  "may",
  "june",
  "july",
  "august",
  "september",
  "october",
  "november",
  "december",
];
/** "May" only with digits ("May 3") or "of May": "we may first check" is no date. */
const MONTH_NOT_MAY =
  "jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?";
const UNITS = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth"];
const TEENS = [
  "tenth",
  "eleventh",
  "twelfth",
  "thirteenth",
  "fourteenth",
  "fifteenth",
  "sixteenth",
  "seventeenth",
  "eighteenth",
  "nineteenth",
];
/** "1st", "3", "third", "twenty-first", "thirty first" as a day of the month. */
const ORDINAL = `\\d{1,2}(?:st|nd|rd|th)?|(?:twenty|thirty)[- ](?:${UNITS.join("|")})|twentieth|thirtieth|${TEENS.join("|")}|${UNITS.join("|")}`;
const COUNT_WORDS = [
  "a",
  "one",
  "two",
  "three",
  "four",
  "five",
  "six",
  "seven",
  "eight",
  "nine",
  "ten",
  "eleven",
  "twelve",
];

function dayOfMonth(ordinal: string): number {
  const digits = /^\d+/.exec(ordinal);
  if (digits) return Number(digits[0]);
  if (ordinal === "twentieth") return 20;
  if (ordinal === "thirtieth") return 30;
  const teen = TEENS.indexOf(ordinal);
  if (teen >= 0) return 10 + teen;
  const [tens, unit] = ordinal.split(/[- ]/);
  if (unit !== undefined) return (tens === "twenty" ? 20 : 30) + UNITS.indexOf(unit) + 1;
  return UNITS.indexOf(ordinal) + 1;
}

const monthIndex = (name: string): number => MONTHS.findIndex((m) => m.startsWith(name.slice(0, 3)));
const utc = (y: number, m: number, d: number): number => Date.UTC(y, m, d);
const iso = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
const daysInMonth = (y: number, m: number): number => new Date(utc(y, m + 1, 0)).getUTCDate();

/** The Friday of the week (Monday to Sunday) that holds `ms`, plus `weeks` weeks. */
function fridayOfWeek(ms: number, weeks: number): number {
  const weekday = new Date(ms).getUTCDay();
  const monday = ms - ((weekday + 6) % 7) * DAY_MS;
  return monday + (4 + 7 * weeks) * DAY_MS;
}

type Resolver = (match: RegExpExecArray, ref: number) => number | undefined;

/** Patterns are tried on the whole text; the earliest match wins, the longer at the same place. */
const RULES: Array<{ pattern: RegExp; resolve: Resolver }> = [
  {
    pattern: /\b(\d{4})-(\d{2})-(\d{2})\b/,
    resolve: (m) => {
      const ms = utc(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
      return iso(ms) === m[0] ? ms : undefined;
    },
  },
  {
    pattern: new RegExp(
      `\\b(?:(${MONTH_NOT_MAY})\\.? (?:the )?(${ORDINAL})|(may) (?:the )?(\\d{1,2})(?:st|nd|rd|th)?)\\b(?:,? (\\d{4}))?`,
    ),
    resolve: (m, ref) => monthDay(ref, monthIndex(m[1] ?? m[3]!), dayOfMonth(m[2] ?? m[4]!), m[5]),
  },
  {
    pattern: new RegExp(
      `\\b(?:the )?(${ORDINAL}) (?:of (${MONTH_NOT_MAY}|may)|(${MONTH_NOT_MAY}))\\b(?:,? (\\d{4}))?`,
    ),
    resolve: (m, ref) => monthDay(ref, monthIndex(m[2] ?? m[3]!), dayOfMonth(m[1]!), m[4]),
  },
  {
    // "on the 15th", "by the fifteenth": that day of this month, or of the next once it has passed.
    pattern: new RegExp(`\\b(?:by|on|before|until|till|for) the (${ORDINAL})\\b`),
    resolve: (m, ref) => {
      const day = dayOfMonth(m[1]!);
      const r = new Date(ref);
      let [y, mo] = [r.getUTCFullYear(), r.getUTCMonth()];
      if (day < r.getUTCDate()) [y, mo] = mo === 11 ? [y + 1, 0] : [y, mo + 1];
      return day >= 1 && day <= daysInMonth(y, mo) ? utc(y, mo, day) : undefined;
    },
  },
  { pattern: /\bday after tomorrow\b/, resolve: (_, ref) => ref + 2 * DAY_MS },
  { pattern: /\btomorrow\b/, resolve: (_, ref) => ref + DAY_MS },
  { pattern: /\b(?:today|tonight|end of (?:the )?day|eod)\b/, resolve: (_, ref) => ref },
  {
    // "next Friday" is the Friday of next week; "this Friday", "by Friday", "on Friday" the coming one.
    pattern: new RegExp(`\\b(next|this|coming|by|on|before|until|till|due)? ?(${WEEKDAYS.join("|")})\\b`),
    resolve: (m, ref) => {
      const target = WEEKDAYS.indexOf(m[2]!);
      const today = new Date(ref).getUTCDay();
      if (m[1] === "next") {
        const monday = ref - ((today + 6) % 7) * DAY_MS;
        return monday + (7 + ((target + 6) % 7)) * DAY_MS;
      }
      const ahead = (target - today + 7) % 7;
      return ref + (ahead === 0 && m[1] !== "this" ? 7 : ahead) * DAY_MS;
    },
  },
  { pattern: /\b(?:end of|by the end of) next week\b/, resolve: (_, ref) => fridayOfWeek(ref, 1) },
  { pattern: /\bnext week\b/, resolve: (_, ref) => fridayOfWeek(ref, 1) },
  {
    pattern: /\b(?:end of (?:the |this )?week|this week)\b/,
    resolve: (_, ref) => Math.max(ref, fridayOfWeek(ref, 0)),
  },
  {
    pattern: /\b(?:end of )?next month\b/,
    resolve: (_, ref) => {
      const r = new Date(ref);
      return utc(r.getUTCFullYear(), r.getUTCMonth() + 2, 0);
    },
  },
  {
    pattern: /\b(?:end of (?:the |this )?month|this month)\b/,
    resolve: (_, ref) => {
      const r = new Date(ref);
      return utc(r.getUTCFullYear(), r.getUTCMonth() + 1, 0);
    },
  },
  {
    pattern: /\bend of (?:the |this )?year\b/,
    resolve: (_, ref) => utc(new Date(ref).getUTCFullYear(), 11, 31),
  },
  {
    pattern: new RegExp(`\\b(?:in|within) (\\d{1,2}|${COUNT_WORDS.join("|")}) (days?|weeks?)\\b`),
    resolve: (m, ref) => {
      const n = /^\d/.test(m[1]!) ? Number(m[1]) : Math.max(1, COUNT_WORDS.indexOf(m[1]!));
      return ref + n * (m[2]!.startsWith("week") ? 7 : 1) * DAY_MS;
    },
  },
];

/**
 * A stated month and day, in the reference year unless that day is more than a month gone: a due
 * date lies ahead ("by May 5" said in October is next May), but "September 30" said on October 1
 * is the day just past, not one a year away.
 */
function monthDay(ref: number, month: number, day: number, year: string | undefined): number | undefined {
  if (month < 0) return undefined;
  let y = year ? Number(year) : new Date(ref).getUTCFullYear();
  if (!year && ref - utc(y, month, day) > 31 * DAY_MS) y += 1;
  return day >= 1 && day <= daysInMonth(y, month) ? utc(y, month, day) : undefined;
}

/** The reference day of a transcript date (`YYYY-MM-DD`) or of a moment (its UTC calendar day). */
export function referenceDay(reference: string | Date): number {
  if (typeof reference === "string") return Date.parse(`${reference}T00:00:00Z`);
  return utc(reference.getUTCFullYear(), reference.getUTCMonth(), reference.getUTCDate());
}

/** The first date phrase in `text`, resolved to a day when a reference is given. */
export function findDuePhrase(text: string, reference?: string | Date): DuePhrase | undefined {
  const lower = text.toLowerCase();
  let best: { match: RegExpExecArray; resolve: Resolver } | undefined;
  for (const { pattern, resolve } of RULES) {
    const match = pattern.exec(lower);
    if (!match) continue;
    if (
      !best ||
      match.index < best.match.index ||
      (match.index === best.match.index && match[0].length > best.match[0].length)
    ) {
      best = { match, resolve };
    }
  }
  if (!best) return undefined;
  const phrase = best.match[0].trim();
  if (reference === undefined) return { phrase };
  const ms = best.resolve(best.match, referenceDay(reference));
  return ms === undefined || Number.isNaN(ms) ? { phrase } : { phrase, date: iso(ms) };
}
