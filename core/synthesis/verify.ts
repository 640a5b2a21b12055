import { knownSegments, quoteChecker } from "../insights/verify";
import type { Segment } from "../transcript/model";
import type { LlmThemes, Theme } from "./model";

/** A meeting as a synthesis prompt names it: its handle (M1, M2…) and its segments. */
export interface SynthesisSource {
  meetingId: string;
  segments: ReadonlyMap<string, Segment>;
}

/**
 * The model's themes with every citation checked in the meeting it names, as insight evidence is:
 * unknown meetings and segments are dropped, quotes not found in the cited segments are dropped,
 * and each meeting's support says so (`verified: false`, with flags).
 */
export function verifyThemes(
  themes: LlmThemes["themes"],
  sources: ReadonlyMap<string, SynthesisSource>,
): Theme[] {
  return themes.map((theme) => {
    const byMeeting = new Map<string, Theme["support"][number]>();
    for (const e of theme.evidence) {
      const source = sources.get(e.meeting.trim());
      if (!source) continue;
      const support = byMeeting.get(source.meetingId) ?? {
        meetingId: source.meetingId,
        segmentIds: [],
        quotes: [],
        verified: true,
        flags: [],
      };
      const { known, unknown } = knownSegments(e.segmentIds, source.segments);
      for (const id of unknown) support.flags.push(`unknown segment ${id.slice(0, 40)}`);
      const found = quoteChecker(known, source.segments);
      for (const quote of e.quotes.map((q) => q.trim()).filter(Boolean)) {
        if (found(quote)) support.quotes.push(quote);
        else support.flags.push(`quote not found in the cited segments: "${quote.slice(0, 60)}"`);
      }
      support.segmentIds = [...new Set([...support.segmentIds, ...known])];
      support.verified = support.flags.length === 0 && support.segmentIds.length > 0;
      byMeeting.set(source.meetingId, support);
    }
    return {
      title: theme.title.trim(),
      summary: theme.summary.trim(),
      agreement: theme.agreement.trim(),
      differences: theme.differences.trim(),
      support: [...byMeeting.values()].filter((s) => s.segmentIds.length > 0 || s.flags.length > 0),
    };
  });
}
