import { words } from "../computed/tokenize";
import type { SearchFilters } from "./model";

/** A search as typed, taken apart: free words, quoted phrases, excluded words and inline filters. */
export interface ParsedQuery {
  /** Free words, lowercase, in order; ranked, none required. */
  words: string[];
  /** Quoted phrases, each as its words; a passage must contain every phrase. */
  phrases: string[][];
  /** Words after `-`: a passage with any of them is left out. */
  excluded: string[];
  /** Inline filters (`speaker:Alice`, `from:2024-01-01`, `to:`, `meeting:`); API parameters win. */
  filters: SearchFilters;
}

const TOKEN = /(-?)(?:(speaker|from|to|meeting):)?(?:"([^"]*)"?|(\S+))/gi;

/**
 * `budget "voice recognition" -teletext speaker:"Project Manager" from:2024-01-01` is read as one
 * free word, one phrase, one exclusion and two filters. A filter with a bad value (`from:soon`) is
 * kept as words, so nothing typed is silently lost.
 */
export function parseQuery(text: string): ParsedQuery {
  const parsed: ParsedQuery = { words: [], phrases: [], excluded: [], filters: {} };
  for (const m of text.matchAll(TOKEN)) {
    const [, minus, field, quoted, bare] = m;
    const value = (quoted ?? bare ?? "").trim();
    if (value === "") continue;
    if (field && !minus && applyFilter(parsed.filters, field.toLowerCase(), value)) continue;
    const tokens = words(field && !quoted ? `${field} ${value}` : value);
    if (tokens.length === 0) continue;
    if (minus) parsed.excluded.push(...tokens);
    else if (quoted !== undefined && tokens.length > 1) parsed.phrases.push(tokens);
    else parsed.words.push(...tokens);
  }
  return parsed;
}

function applyFilter(filters: SearchFilters, field: string, value: string): boolean {
  switch (field) {
    case "speaker":
      filters.speaker = value;
      return true;
    case "meeting":
      filters.meetings = [...(filters.meetings ?? []), value];
      return true;
    case "from":
    case "to":
      if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
      filters[field] = value;
      return true;
    default:
      return false;
  }
}

/** Query filters merged with the request's: a request parameter overrides the same inline filter. */
export function mergeFilters(inline: SearchFilters, given: SearchFilters): SearchFilters {
  const merged: SearchFilters = { ...inline };
  for (const [key, value] of Object.entries(given) as [keyof SearchFilters, never][]) {
    if (value !== undefined) merged[key] = value;
  }
  return merged;
}

/**
 * Words that frame a question rather than name its subject ("What did the group discuss about
 * the budget?", "Summarize the talk on the remote"): ranked on, they would favour passages that
 * happen to say "discuss" or "group". Dropped from free words when other words remain.
 */
export const FRAMING_WORDS: ReadonlySet<string> = new Set(
  `
  discuss discussed discusses discussing discussion discussions talk talked talks talking
  think thinks thought thoughts opinion opinions view views summarize summarise summarized
  summary mention mentioned mentions say said says tell told ask asked speak spoke
  group team meeting meetings everyone everybody people members member participants
  whole detail details detailed specific specifically particular general generally overall
  kind sort thing things way ways part reason reasons why how what when which who whom whose
  regarding during present presented presenting presentation presentations propose proposed
  suggest suggested recommend recommended comment comments introduce introduced describe described
  explain explained decide decided decision decisions agree agreed disagree disagreed conclusion
  `
    .split(/\s+/)
    .filter(Boolean),
);

/** The free words worth ranking on: framing words dropped unless nothing else is left. */
export function contentWords(list: readonly string[]): string[] {
  const kept = list.filter((w) => !FRAMING_WORDS.has(w));
  return kept.length > 0 ? kept : [...list];
}
