import * as v from "valibot";
import { InputError } from "../errors";
import { TRANSCRIPT_FORMATS, TranscriptFormatSchema } from "./model";

export const DEFAULT_MAX_TRANSCRIPT_BYTES = 10 * 1024 * 1024;

/** Text ready for a parser, or the bytes of a zip archive (a .docx) for the docx reader. */
export type DecodedInput = { kind: "text"; text: string } | { kind: "zip"; bytes: Uint8Array };

export interface DecodeOptions {
  maxBytes?: number;
  /** The format the caller asked for, unchecked: a zip is passed on only when it may be a .docx. */
  format?: string;
}

/** How much of the start of a file the binary check reads. */
const SAMPLE_BYTES = 8192;
/** More control characters than this share of the sample (and than a handful) means it is not text. */
const MAX_CONTROL_SHARE = 0.05;
const MAX_STRAY_CONTROLS = 8;
const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];

/**
 * Bytes or text to a clean string, checked in this order, each failure an InputError a person can
 * act on: over the size limit ("too_large"), nothing but whitespace ("empty_transcript"), binary
 * ("binary_content"; a zip goes on to the .docx reader instead), not UTF-8 ("invalid_encoding"; a
 * UTF-8 BOM is dropped, UTF-16 with a BOM is decoded), an unknown format name ("unsupported_format").
 * Stray control characters in otherwise good text are removed.
 */
export function decodeTranscriptInput(input: Uint8Array | string, options: DecodeOptions = {}): DecodedInput {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_TRANSCRIPT_BYTES;
  const size = typeof input === "string" ? utf8Length(input) : input.byteLength;
  if (size > maxBytes) {
    throw new InputError(
      "too_large",
      `This transcript is ${megabytes(size)} MB; the limit is ${megabytes(maxBytes)} MB. Split it or trim it and try again.`,
      { details: { bytes: size, maxBytes } },
    );
  }
  if (typeof input === "string") return checkedText(input.replace(/^\uFEFF/, ""), options.format);
  const utf16 = utf16Encoding(input);
  // UTF-16 is all NUL bytes to a byte-level check: it is judged once decoded.
  if (utf16) return checkedText(decode(input, utf16), options.format);
  if (isBlankBytes(input)) throw emptyTranscript();
  if (startsWith(input, ZIP_MAGIC) && (options.format === undefined || options.format === "docx")) {
    return { kind: "zip", bytes: input };
  }
  if (looksBinary(input.length, (i) => input[i]!)) throw binaryContent();
  return checkedText(decode(input, "utf-8"), options.format);
}

function checkedText(text: string, format: string | undefined): DecodedInput {
  if (text.trim() === "") throw emptyTranscript();
  if (looksBinary(text.length, (i) => text.charCodeAt(i))) throw binaryContent();
  if (format !== undefined && !v.is(TranscriptFormatSchema, format)) {
    throw new InputError(
      "unsupported_format",
      `"${format.slice(0, 40)}" is not a transcript format this tool reads; use one of: ${TRANSCRIPT_FORMATS.join(", ")}.`,
    );
  }
  // Control characters other than tab and line breaks have no place in a transcript; a form feed is a space.
  return { kind: "text", text: text.replace(/[\f\v]/g, " ").replace(/[^\P{Cc}\t\n\r]/gu, "") };
}

function decode(bytes: Uint8Array, encoding: "utf-8" | "utf-16le" | "utf-16be"): string {
  try {
    // ignoreBOM false (the default) drops the byte order mark.
    return new TextDecoder(encoding, { fatal: true }).decode(bytes);
  } catch {
    if (encoding !== "utf-8") {
      throw new InputError(
        "invalid_encoding",
        "This file is not valid UTF-16 text, as its byte order mark says. Save it as UTF-8 and try again.",
      );
    }
    const line = lineOfFirstBadUtf8(bytes);
    throw new InputError(
      "invalid_encoding",
      `This file is not valid UTF-8 text (the first bad byte is on line ${line}). Save it as UTF-8 and try again.`,
      { details: { line } },
    );
  }
}

function emptyTranscript(): InputError {
  return new InputError("empty_transcript", "This transcript is empty: there is no text in it.");
}

function binaryContent(): InputError {
  return new InputError(
    "binary_content",
    "This file is not text: it looks like an image, an archive or a program. Upload a transcript as .txt, .md, .vtt, .srt, .json or .docx.",
  );
}

function utf16Encoding(bytes: Uint8Array): "utf-16le" | "utf-16be" | undefined {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return "utf-16le";
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return "utf-16be";
  return undefined;
}

function startsWith(bytes: Uint8Array, magic: number[]): boolean {
  return magic.every((b, i) => bytes[i] === b);
}

/** ASCII whitespace only, after an optional UTF-8 BOM. */
function isBlankBytes(bytes: Uint8Array): boolean {
  const from = startsWith(bytes, [0xef, 0xbb, 0xbf]) ? 3 : 0;
  for (let i = from; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b !== 0x20 && (b < 0x09 || b > 0x0d)) return false;
  }
  return true;
}

function isControl(code: number): boolean {
  return (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d && code !== 0x0c) || code === 0x7f;
}

/** NUL anywhere, or many control characters, in the first SAMPLE_BYTES units. */
function looksBinary(length: number, unitAt: (i: number) => number): boolean {
  const sample = Math.min(length, SAMPLE_BYTES);
  let controls = 0;
  for (let i = 0; i < sample; i++) {
    const unit = unitAt(i);
    if (unit === 0) return true;
    if (isControl(unit)) controls++;
  }
  return controls > MAX_STRAY_CONTROLS && controls > sample * MAX_CONTROL_SHARE;
}

/** 1-based line of the first byte that breaks UTF-8, for the error message. */
function lineOfFirstBadUtf8(bytes: Uint8Array): number {
  let line = 1;
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i]!;
    if (b === 0x0a) line++;
    const length =
      b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (length === 0 || i + length > bytes.length) return line;
    for (let k = 1; k < length; k++) if ((bytes[i + k]! & 0xc0) !== 0x80) return line;
    // Overlong, surrogate and out-of-range forms are caught by the second byte's range.
    const second = bytes[i + 1]!;
    if ((b === 0xe0 && second < 0xa0) || (b === 0xed && second > 0x9f)) return line;
    if ((b === 0xf0 && second < 0x90) || (b === 0xf4 && second > 0x8f)) return line;
    i += length;
  }
  return line;
}

function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

/** `2.5` for 2.5 MiB; small sizes keep two significant digits rather than reading as 0. */
export function megabytes(bytes: number): string {
  const mb = bytes / (1024 * 1024);
  return mb >= 0.1 ? String(Math.round(mb * 10) / 10) : mb.toPrecision(2);
}
