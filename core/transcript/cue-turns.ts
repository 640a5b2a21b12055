import { UNKNOWN_SPEAKER } from "./model";
import { parseSpeakerLine } from "./speaker-line";

/** One line of a subtitle cue's text; `voice` is set where a `<v Name>` tag opened it. */
export interface CueLine {
  voice?: string;
  text: string;
}

export interface CueTurn {
  speaker: string;
  text: string;
}

/**
 * The turns inside one cue. A voice tag, a `Name:` line (also `- Name:`, `[Name]`) or a caption's
 * `>>` (a new speaker, named or not) opens a turn; other lines continue it, joined by a space since
 * caption lines wrap for display, not for meaning. Inside a voice the speaker is known, so a
 * `Note:`-like line there is just text.
 */
export function cueTurns(lines: CueLine[]): CueTurn[] {
  const turns: Array<CueTurn & { voiced: boolean }> = [];
  for (const line of lines) {
    const text = line.text.trim();
    if (line.voice !== undefined) {
      turns.push({ speaker: line.voice.trim() || UNKNOWN_SPEAKER, text, voiced: true });
      continue;
    }
    if (text === "") continue;
    const current = turns[turns.length - 1];
    const opened = current?.voiced ? undefined : parseSpeakerLine(text);
    if (opened && (opened.speaker !== undefined || opened.change)) {
      turns.push({ speaker: opened.speaker ?? UNKNOWN_SPEAKER, text: opened.text, voiced: false });
    } else if (current) {
      current.text = current.text === "" ? text : `${current.text} ${text}`;
    } else {
      turns.push({ speaker: UNKNOWN_SPEAKER, text, voiced: false });
    }
  }
  return turns.map(({ speaker, text }) => ({ speaker, text }));
}
