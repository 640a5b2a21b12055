/** Types for the parts of w3c's webvtt-parser (parser.js, which ships none) that vtt.ts uses. */
declare module "webvtt-parser" {
  namespace webvtt {
    interface TextNode {
      type: "text";
      value: string;
    }
    interface TimestampNode {
      type: "timestamp";
      value: number;
    }
    interface ObjectNode {
      type: "object";
      /** `v`, `c`, `i`, `b`, `u`, `ruby`, `rt`, `lang`. */
      name: string;
      classes: string[];
      /** The annotation: the speaker of a `<v Name>`, the language of a `<lang en>`. */
      value?: string;
      children: CueNode[];
    }
    type CueNode = TextNode | TimestampNode | ObjectNode;
    interface Cue {
      id: string;
      startTime: number;
      endTime: number;
      text: string;
      tree: { children: CueNode[] };
    }
    interface ParseError {
      message: string;
      /** 1-based line of the input. */
      line: number;
      col?: number;
    }
    interface ParseResult {
      cues: Cue[];
      errors: ParseError[];
      styles: string[];
    }
    class WebVTTParser {
      /** Maps entity text as written, with or without the `;` (`"&amp;"`), to its character. */
      constructor(entities?: Record<string, string>);
      /** Cues come back sorted by start time. "metadata" mode skips cue-text validation errors. */
      parse(input: string, mode?: "metadata" | "chapters" | "subtitles"): ParseResult;
    }
  }
  export = webvtt;
}
