import { InputError } from "../errors";
import { DEFAULT_MAX_TRANSCRIPT_BYTES, decodeTranscriptInput } from "./decode";
import { detectFormat } from "./detect";
import { extractDocxText } from "./docx";
import { parseJsonTranscript } from "./json";
import type { Transcript, TranscriptFormat } from "./model";
import { parseSrt } from "./srt";
import { parseTextTranscript } from "./text";
import { parseVtt } from "./vtt";

export interface ParseTranscriptOptions {
  /** Used for its extension when `format` is not given. */
  fileName?: string;
  /** Overrides detection. Unchecked input (from a request) is welcome: an unknown name is an InputError. */
  format?: TranscriptFormat;
  /** Default DEFAULT_MAX_TRANSCRIPT_BYTES (10 MB). */
  maxBytes?: number;
}

/**
 * Any supported transcript, as bytes or text, to the Transcript model. Every problem with the
 * input is an InputError with a stable code (see decode.ts and each format's parser); a transcript
 * that yields no segment at all is "empty_transcript".
 */
export async function parseTranscript(
  input: Uint8Array | string,
  options: ParseTranscriptOptions = {},
): Promise<Transcript> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_TRANSCRIPT_BYTES;
  const decoded = decodeTranscriptInput(input, { maxBytes, format: options.format });
  const format =
    options.format ?? detectFormat(options.fileName, decoded.kind === "zip" ? decoded.bytes : decoded.text);

  if (decoded.kind === "zip") {
    if (format !== "docx") {
      throw new InputError(
        "binary_content",
        `This file is a zip archive, not ${format} text. A Word document should end in .docx.`,
      );
    }
    return parseTextTranscript(await extractDocxText(decoded.bytes, maxBytes), "docx");
  }
  switch (format) {
    case "text":
    case "markdown":
      return parseTextTranscript(decoded.text, format);
    case "vtt":
      return parseVtt(decoded.text);
    case "srt":
      return parseSrt(decoded.text);
    case "json":
      return parseJsonTranscript(decoded.text);
    case "docx":
      throw new InputError(
        "malformed_docx",
        "This file is not a .docx (Word) document: it holds plain text. Upload it as .txt instead.",
      );
  }
}
