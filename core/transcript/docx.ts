import { unzipSync } from "fflate";
import mammoth from "mammoth";
import { InputError } from "../errors";
import { megabytes } from "./decode";

/** A Word document's XML is several times its zipped size; far more than that is a zip bomb. */
const MAX_EXPANSION = 20;
const MAIN_PART = "word/document.xml";

/**
 * The text of a .docx, one paragraph a line (mammoth's raw text). The zip's directory is read
 * first, without inflating anything, so a random zip or one that would inflate to gigabytes is
 * refused with a clear message before mammoth unpacks it.
 */
export async function extractDocxText(bytes: Uint8Array, maxBytes: number): Promise<string> {
  let mainPart = false;
  let inflated = 0;
  try {
    unzipSync(bytes, {
      filter: (file) => {
        if (file.name === MAIN_PART) mainPart = true;
        inflated += file.originalSize;
        return false;
      },
    });
  } catch (cause) {
    throw malformed("the zip archive inside it is damaged", cause);
  }
  if (!mainPart) throw malformed(`it is a zip archive without ${MAIN_PART}, so not a Word document`);
  if (inflated > maxBytes * MAX_EXPANSION) {
    throw new InputError(
      "too_large",
      `This .docx would unpack to ${megabytes(inflated)} MB, more than a transcript needs; save it as plain text and try again.`,
      { details: { bytes: inflated, maxBytes: maxBytes * MAX_EXPANSION } },
    );
  }
  try {
    const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    return (await mammoth.extractRawText({ buffer })).value;
  } catch (cause) {
    throw malformed("its contents cannot be read", cause);
  }
}

function malformed(problem: string, cause?: unknown): InputError {
  return new InputError(
    "malformed_docx",
    `This .docx file cannot be read: ${problem}. Open it in Word and save it again, or upload it as text.`,
    cause === undefined ? {} : { cause },
  );
}
