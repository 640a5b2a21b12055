import * as v from "valibot";
import { AppError } from "../../core/errors";
import { parseTranscript } from "../../core/transcript";
import { type Transcript, TranscriptFormatSchema } from "../../core/transcript/model";
import type { FunctionDeps } from "./deps";

/** A transcript given in a request: pasted text, or the id of an earlier upload. */
export const TranscriptSourceSchema = v.pipe(
  v.object({
    transcriptText: v.optional(
      v.pipe(v.string(), v.maxLength(12_000_000, "the transcript is over the size limit")),
    ),
    fileId: v.optional(v.pipe(v.string(), v.regex(/^[a-z0-9-]{8,64}$/, "a file id from POST /api/uploads"))),
    fileName: v.optional(v.pipe(v.string(), v.maxLength(255))),
    format: v.optional(TranscriptFormatSchema),
  }),
  v.check(
    (r) => (r.transcriptText !== undefined) !== (r.fileId !== undefined),
    "send either transcriptText or fileId, not both and not neither",
  ),
);
export type TranscriptSource = v.InferOutput<typeof TranscriptSourceSchema>;

export async function readTranscript(
  source: TranscriptSource,
  deps: Pick<FunctionDeps, "uploads">,
): Promise<{ transcript: Transcript; fileName?: string }> {
  let fileName = source.fileName;
  let content: Uint8Array | string = source.transcriptText ?? "";
  if (source.fileId !== undefined) {
    const upload = await deps.uploads.get(source.fileId);
    if (!upload) throw new AppError("not_found", `No upload ${source.fileId}; upload the file again.`);
    content = upload.content;
    fileName ??= upload.meta.fileName;
  }
  const transcript = await parseTranscript(content, {
    ...(fileName ? { fileName } : {}),
    ...(source.format ? { format: source.format } : {}),
  });
  return fileName ? { transcript, fileName } : { transcript };
}
