import { randomBytes } from "node:crypto";
import { AppError, InputError } from "../../core/errors";
import { transcriptSummary } from "../../core/jobs/job-view";
import { cpuOf } from "../../core/pipeline/deps";
import { TRANSCRIPT_EXTENSIONS } from "../../core/transcript";
import { createApp } from "../shared/app";
import type { HttpFunction } from "../shared/deps";

const MULTIPART_OVERHEAD = 64 * 1024;

/**
 * POST /api/uploads (multipart field `file`): reads the transcript at once, so a bad file is
 * refused now with the reason, and keeps it for a later `POST /api/analyze {fileId}`.
 */
const uploads: HttpFunction = (deps) => {
  const max = deps.config.maxUploadBytes;
  const app = createApp(deps, { maxBodyBytes: max + MULTIPART_OVERHEAD });
  app.post("/api/uploads", async (c) => {
    const type = c.req.header("content-type") ?? "";
    if (!type.startsWith("multipart/form-data")) {
      throw new InputError(
        "invalid_request",
        'Send the file as multipart/form-data in a field named "file".',
      );
    }
    const form = await c.req.parseBody().catch((cause: unknown) => {
      // A malformed multipart body (a raw CR or LF in a part's header, a broken boundary) is the client's.
      throw new InputError(
        "invalid_request",
        'The multipart body cannot be read (a part header may hold a line break); send the file as multipart/form-data in a field named "file".',
        { cause },
      );
    });
    const file = form.file;
    if (!(file instanceof File)) throw new InputError("invalid_request", 'No file in the form field "file".');
    const fileName = safeName(file.name);
    const ext = fileName.split(".").pop()?.toLowerCase() ?? "";
    if (!TRANSCRIPT_EXTENSIONS.includes(ext)) {
      throw new InputError(
        "unsupported_format",
        `".${ext}" files are not read; send one of: ${TRANSCRIPT_EXTENSIONS.map((e) => `.${e}`).join(" ")}.`,
      );
    }
    if (file.size > max) {
      throw new InputError(
        "too_large",
        `The file is ${(file.size / 1048576).toFixed(1)} MB; the limit is ${(max / 1048576).toFixed(0)} MB.`,
      );
    }
    const content = new Uint8Array(await file.arrayBuffer());
    const transcript = await cpuOf(deps).parseTranscript(content, { fileName, maxBytes: max });
    const fileId = randomBytes(12).toString("hex");
    const meta = {
      fileId,
      fileName,
      format: transcript.format,
      bytes: content.byteLength,
      uploadedAt: new Date().toISOString(),
      owner: c.get("principal").owner,
    };
    await deps.uploads.put(meta, content);
    if (!(await deps.uploads.get(fileId))) throw new AppError("internal", "The upload could not be stored.");
    return c.json(
      {
        ok: true,
        fileId,
        fileName,
        ...transcriptSummary(transcript, "count"),
      },
      201,
    );
  });
  return app;
};

/** The base name only, without path parts or control characters. */
function safeName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? "";
  const clean = [...base]
    .filter((ch) => ch.charCodeAt(0) >= 32 && ch.charCodeAt(0) !== 127)
    .join("")
    .slice(0, 200);
  return clean || "transcript.txt";
}

export default uploads;
