import { createInflateRaw, inflateRawSync } from "node:zlib";
import { Unzip, type UnzipDecoder, type UnzipFile, unzipSync, zipSync } from "fflate";
import mammoth from "mammoth";
import { InputError } from "../errors";
import { megabytes } from "./decode";

/**
 * A Word document's XML is several times its zipped size; more than MAX_EXPANSION × the upload
 * limit of XML actually inflated is a zip bomb, whatever the zip's headers claim.
 */
export const MAX_EXPANSION = 20;
const MAIN_PART = "word/document.xml";
/** The parts mammoth reads for text; media and the rest are never inflated. */
const TEXT_PART = /\.(xml|rels)$/i;

/**
 * The text of a .docx, one paragraph a line (mammoth's raw text). The zip's directory is read
 * first, so a random zip or one that says it would inflate to gigabytes is refused at once. Its
 * sizes can lie, so the text parts are then inflated as a stream that only counts the bytes it
 * really produces and stops past the cap, keeping none of them; only a document under the cap is
 * inflated again, kept, and handed to mammoth as a zip of exactly those parts.
 */
export async function extractDocxText(bytes: Uint8Array, maxBytes: number): Promise<string> {
  const cap = maxBytes * MAX_EXPANSION;
  let mainPart = false;
  let declared = 0;
  try {
    unzipSync(bytes, {
      filter: (file) => {
        if (file.name === MAIN_PART) mainPart = true;
        if (TEXT_PART.test(file.name)) declared += file.originalSize;
        return false;
      },
    });
  } catch (cause) {
    throw malformed("the zip archive inside it is damaged", cause);
  }
  if (!mainPart) throw malformed(`it is a zip archive without ${MAIN_PART}, so not a Word document`);
  if (declared > cap) throw tooLarge(cap, declared);

  const parts = compressedTextParts(bytes);
  await countInflated(parts, cap);
  const inflated: Record<string, Uint8Array> = {};
  for (const part of parts) inflated[part.name] = inflatePart(part, cap);
  if (!inflated[MAIN_PART]) throw malformed(`its ${MAIN_PART} cannot be read`);
  try {
    const rebuilt = zipSync(inflated, { level: 0 });
    const buffer = Buffer.from(rebuilt.buffer, rebuilt.byteOffset, rebuilt.byteLength);
    return (await mammoth.extractRawText({ buffer })).value;
  } catch (cause) {
    throw malformed("its contents cannot be read", cause);
  }
}

interface CompressedPart {
  name: string;
  /** 0 stored, 8 deflate. */
  method: 0 | 8;
  data: Uint8Array;
}

/** Hands on an entry's bytes as they are in the zip: inflating is done here, under the cap. */
function rawDecoder(method: 0 | 8) {
  return class Raw implements UnzipDecoder {
    static compression = method;
    ondata: UnzipDecoder["ondata"] = () => {};
    push(chunk: Parameters<UnzipDecoder["ondata"]>[1], final: boolean) {
      this.ondata(null, chunk, final);
    }
  };
}

/** The text parts in the order the zip stores them, still compressed (no larger than the upload). */
function compressedTextParts(bytes: Uint8Array): CompressedPart[] {
  const parts: CompressedPart[] = [];
  let failure: unknown;
  const unzip = new Unzip((file: UnzipFile) => {
    if (!TEXT_PART.test(file.name)) return;
    if (file.compression !== 0 && file.compression !== 8) {
      failure ??= malformed(`its part ${file.name.slice(0, 80)} uses a compression Word does not`);
      return;
    }
    const chunks: Uint8Array[] = [];
    file.ondata = (err, chunk, final) => {
      if (err) failure ??= malformed(`its part ${file.name.slice(0, 80)} is damaged`, err);
      chunks.push(chunk.slice());
      if (final) parts.push({ name: file.name, method: file.compression as 0 | 8, data: concat(chunks) });
    };
    file.start();
  });
  unzip.register(rawDecoder(0));
  unzip.register(rawDecoder(8));
  try {
    unzip.push(bytes, true);
  } catch (cause) {
    failure ??= malformed("the zip archive inside it is damaged", cause);
  }
  if (failure) throw failure;
  return parts;
}

/** Inflates every part as a stream, counting and dropping each chunk; past `cap` it stops: too_large. */
async function countInflated(parts: CompressedPart[], cap: number): Promise<void> {
  let produced = 0;
  for (const part of parts) {
    if (part.method === 0) {
      produced += part.data.length;
      if (produced > cap) throw tooLarge(cap);
      continue;
    }
    await new Promise<void>((resolve, reject) => {
      const inflater = createInflateRaw({ chunkSize: 64 * 1024 });
      inflater.on("data", (chunk: Buffer) => {
        produced += chunk.length;
        if (produced > cap) {
          inflater.destroy();
          reject(tooLarge(cap));
        }
      });
      inflater.on("error", (cause) =>
        reject(malformed(`its part ${part.name.slice(0, 80)} is damaged`, cause)),
      );
      inflater.on("end", resolve);
      inflater.end(part.data);
    });
  }
}

/** One part whole, once the count said the document is under the cap (the cap holds here too). */
function inflatePart(part: CompressedPart, cap: number): Uint8Array {
  if (part.method === 0) return part.data;
  try {
    return new Uint8Array(inflateRawSync(part.data, { maxOutputLength: cap + 1 }));
  } catch (cause) {
    throw malformed(`its part ${part.name.slice(0, 80)} is damaged`, cause);
  }
}

function concat(chunks: Uint8Array[]): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/** `declared`: what the zip's directory says; without it the inflater found out itself. */
function tooLarge(cap: number, declared?: number): InputError {
  const size = declared === undefined ? `more than ${megabytes(cap)}` : megabytes(declared);
  return new InputError(
    "too_large",
    `This .docx would unpack to ${size} MB, more than a transcript needs; save it as plain text and try again.`,
    { details: { maxBytes: cap, ...(declared === undefined ? {} : { bytes: declared }) } },
  );
}

function malformed(problem: string, cause?: unknown): InputError {
  return new InputError(
    "malformed_docx",
    `This .docx file cannot be read: ${problem}. Open it in Word and save it again, or upload it as text.`,
    cause === undefined ? {} : { cause },
  );
}
