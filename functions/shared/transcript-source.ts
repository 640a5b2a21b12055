import { AppError } from "../../core/errors";
import { type TranscriptSource, TranscriptSourceSchema } from "../../core/pipeline/request";
import { parseTranscript } from "../../core/transcript";
import type { Transcript } from "../../core/transcript/model";
import type { FunctionDeps } from "./deps";

export { type TranscriptSource, TranscriptSourceSchema };

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
