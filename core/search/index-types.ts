import type { SearchFilters } from "./model";
import type { IndexedTopic, StoredSegment } from "./passages";

/** Whose meetings a search reads, and which of them. */
export interface SearchScope {
  /**
   * Only this principal's meetings; null in open mode (no API tokens), where every meeting is
   * everyone's, as the history is.
   */
  owner: string | null;
  filters: SearchFilters;
}

/** How common each query lexeme is in the scope, and the meetings that contain any of them. */
export interface LibraryStats {
  meetings: number;
  passages: number;
  /** Words of every passage in the scope, for the average passage length. */
  words: number;
  /** Every speaker name in the scope, so a query can name one. */
  speakers: string[];
  /** Per lexeme: passages and meetings of the scope that contain it. */
  terms: Record<string, { passages: number; meetings: number }>;
  matches: MeetingMatch[];
}

/** A meeting that contains some query lexeme, with how often it says each. */
export interface MeetingMatch {
  meetingId: string;
  words: number;
  tf: Record<string, number>;
}

/** What a result shows of its meeting, and the topics passages are ranked within. */
export interface MeetingDetails {
  meetingId: string;
  title?: string;
  date?: string;
  topics: IndexedTopic[];
}

export interface MatchRequest {
  scope: SearchScope;
  /** Only passages of these meetings. */
  meetingIds: string[];
  /** A passage matches when it has any of these. */
  lexemes: string[];
  /** ...and every one of these phrases (as typed; the index stems them). */
  phrases: string[];
  /** ...and none of these words. */
  excluded: string[];
}

/** The passages that matched, and the details of their meetings. */
export interface PassageMatches {
  passages: PassageMatch[];
  meetings: MeetingDetails[];
}

/** A passage that matched, with the positions of the query lexemes in it. */
export interface PassageMatch {
  meetingId: string;
  index: number;
  topic: number;
  words: number;
  speakers: string[];
  /** Word positions of each query lexeme the passage contains. */
  positions: Record<string, number[]>;
  /** Query lexemes its topic title or keywords contain. */
  fieldLexemes: string[];
}

export interface PassageKey {
  meetingId: string;
  index: number;
}

/** A stored passage, for display. */
export interface StoredPassage extends PassageKey {
  first: number;
  last: number;
  segments: StoredSegment[];
}
