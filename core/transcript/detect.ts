import type { TranscriptFormat } from "./model";

const BY_EXTENSION: Record<string, TranscriptFormat> = {
  txt: "text",
  text: "text",
  md: "markdown",
  markdown: "markdown",
  vtt: "vtt",
  srt: "srt",
  json: "json",
  docx: "docx",
};

/** The file name extensions a transcript may have, e.g. for an upload form's `accept`. */
export const TRANSCRIPT_EXTENSIONS: readonly string[] = Object.keys(BY_EXTENSION);

/** How much of the start of a file sniffing looks at. */
const SNIFF_CHARS = 4096;
const SRT_TIME = String.raw`\d{1,3}:\d{2}:\d{2}[,.]\d{1,3}`;
const SRT_START = new RegExp(String.raw`^(?:\d+[ \t]*\r?\n)?[ \t]*${SRT_TIME}[ \t]*-->`);
const MARKDOWN =
  /^[ \t]*(?:#{1,6}[ \t]+\S|(?:[-*+•][ \t]+)?(?:\*\*|__)[^*_\n]{1,60}(?::(?:\*\*|__)|(?:\*\*|__):))/m;

/**
 * The format of a transcript: from the file's extension when it has a known one, else from its
 * content (a zip is a .docx, `WEBVTT` a WebVTT file, a cue number and timing SubRip, `{"` or `[{`
 * JSON, `# Heading` or `**Name:**` Markdown, anything else plain text).
 */
export function detectFormat(fileName: string | undefined, content: Uint8Array | string): TranscriptFormat {
  const extension = fileName?.toLowerCase().match(/\.([a-z0-9]+)$/)?.[1];
  const known = extension === undefined ? undefined : BY_EXTENSION[extension];
  if (known) return known;
  if (typeof content !== "string") {
    if (content[0] === 0x50 && content[1] === 0x4b && content[2] === 0x03 && content[3] === 0x04)
      return "docx";
    return sniffText(decodeHead(content));
  }
  return sniffText(content.slice(0, SNIFF_CHARS));
}

function decodeHead(bytes: Uint8Array): string {
  const head = bytes.subarray(0, SNIFF_CHARS);
  const encoding =
    head[0] === 0xff && head[1] === 0xfe
      ? "utf-16le"
      : head[0] === 0xfe && head[1] === 0xff
        ? "utf-16be"
        : "utf-8";
  // Not fatal: a character cut in half at the end of the sample must not matter here.
  return new TextDecoder(encoding).decode(head);
}

function sniffText(head: string): TranscriptFormat {
  const s = head.replace(/^\uFEFF/, "").trimStart();
  if (/^WEBVTT(?:[ \t\r\n]|$)/.test(s)) return "vtt";
  if (SRT_START.test(s)) return "srt";
  // `{` or `[` alone is not enough: text may open with "{vocalsound}" or "[00:12] Alice:".
  if (/^(?:\{\s*(?:"|\})|\[\s*(?:\{|\]))/.test(s)) return "json";
  if (MARKDOWN.test(s)) return "markdown";
  return "text";
}
