import { AppError } from "../../core/errors";
import { cpuOf } from "../../core/pipeline/deps";
import { type TranscriptSource, TranscriptSourceSchema } from "../../core/pipeline/request";
import type { Transcript } from "../../core/transcript/model";
import type { FunctionDeps } from "./deps";

export { type TranscriptSource, TranscriptSourceSchema };

/** The transcript a request names: pasted, or an upload of the same owner (anyone else's is not found). */
export async function readTranscript(
  source: TranscriptSource,
  owner: string,
  deps: Pick<FunctionDeps, "uploads" | "cpu">,
): Promise<{ transcript: Transcript; fileName?: string }> {
  let fileName = source.fileName;
  let content: Uint8Array | string = source.transcriptText ?? "";
  if (source.fileId !== undefined) {
    const upload = await deps.uploads.get(source.fileId);
    if (!upload || (upload.meta.owner ?? "open") !== owner)
      throw new AppError("not_found", `No upload ${source.fileId}; upload the file again.`);
    content = upload.content;
    fileName ??= upload.meta.fileName;
  }
  const transcript = await cpuOf(deps).parseTranscript(content, {
    ...(fileName ? { fileName } : {}),
    ...(source.format ? { format: source.format } : {}),
  });
  return fileName ? { transcript, fileName } : { transcript };
}
