import { mkdir, readFile } from "node:fs/promises";
import path from "node:path";
import type { UploadMeta, UploadStore } from "../../core/ports";
import { isMissing, writeFileAtomic } from "./fs-files";

const FILE_ID = /^[a-z0-9-]{8,64}$/;

/** Uploaded transcripts as files under `<root>/uploads/` (the volume app and worker share). */
export function createFsUploadStore(root: string): UploadStore {
  const dir = path.resolve(root, "uploads");
  const files = (fileId: string) => {
    if (!FILE_ID.test(fileId)) return null;
    return { content: path.join(dir, `${fileId}.bin`), meta: path.join(dir, `${fileId}.json`) };
  };
  return {
    async put(meta, content) {
      const f = files(meta.fileId);
      if (!f) throw new RangeError(`bad file id ${meta.fileId}`);
      await mkdir(dir, { recursive: true });
      await writeFileAtomic(f.content, content);
      await writeFileAtomic(f.meta, JSON.stringify(meta));
    },
    async get(fileId) {
      const f = files(fileId);
      if (!f) return null;
      try {
        const [meta, content] = await Promise.all([readFile(f.meta, "utf8"), readFile(f.content)]);
        return { meta: JSON.parse(meta) as UploadMeta, content: new Uint8Array(content) };
      } catch (e) {
        if (isMissing(e)) return null;
        throw e;
      }
    },
  };
}
