import { mkdir, readdir, readFile, rm, stat } from "node:fs/promises";
import { join, resolve, sep } from "node:path";
import { AppError } from "../../core/errors";
import { isPromptId } from "../../core/prompts/prompt-definition";
import {
  checkPromptId,
  checkStoredPrompt,
  type PromptFileSource,
  type PromptStore,
  STORED_PROMPT_KINDS,
  type StoredPrompt,
  type StoredPromptKind,
} from "../../core/prompts/store";
import { PROMPT_STAGES, STAGE_FOLDERS } from "../../core/prompts/variables";
import { isMissing, writeFileAtomic } from "./fs-files";

const FOLDER_OF_KIND: Readonly<Record<StoredPromptKind, string>> = {
  override: "overrides",
  custom: "custom",
};

async function markdownFiles(dir: string): Promise<string[]> {
  try {
    const names = await readdir(dir);
    return names.filter((name) => name.endsWith(".md") && !name.startsWith(".")).sort();
  } catch (e) {
    if (isMissing(e)) return [];
    throw e;
  }
}

/** The built-in prompts: `dir/{stage-a,stage-b,final,system}/*.md`, paths relative to `dir`. */
export function createFsPromptSource(dir: string): PromptFileSource {
  return {
    async list() {
      if (!(await stat(dir).catch(() => undefined))?.isDirectory())
        throw new AppError("internal", `the prompts folder ${dir} does not exist`);
      const files: Array<{ path: string; text: string }> = [];
      for (const stage of PROMPT_STAGES) {
        const folder = STAGE_FOLDERS[stage];
        for (const name of await markdownFiles(join(dir, folder))) {
          files.push({ path: `${folder}/${name}`, text: await readFile(join(dir, folder, name), "utf8") });
        }
      }
      return files;
    },
  };
}

/**
 * Edits and custom analyzers as files, `<dir>/overrides/<id>.md` and `<dir>/custom/<id>.md`; the file's
 * modification time is `updatedAt`. Writes go to a temp file renamed into place, so a crash never
 * leaves half a prompt.
 */
export function createFsPromptStore(dir: string): PromptStore {
  const root = resolve(dir);

  // Ids are kebab-case already; checking the resolved path as well costs nothing.
  function fileOf(kind: StoredPromptKind, id: string): string {
    const file = resolve(root, FOLDER_OF_KIND[kind], `${checkPromptId(id)}.md`);
    if (!file.startsWith(root + sep))
      throw new AppError("forbidden", "a prompt file must stay inside the prompt store");
    return file;
  }

  async function read(kind: StoredPromptKind, id: string): Promise<StoredPrompt | undefined> {
    const file = fileOf(kind, id);
    try {
      const [text, info] = await Promise.all([readFile(file, "utf8"), stat(file)]);
      return { id, kind, text, updatedAt: info.mtime.toISOString() };
    } catch (e) {
      if (isMissing(e)) return undefined;
      throw e;
    }
  }

  async function remove(kind: StoredPromptKind, id: string): Promise<boolean> {
    const file = fileOf(kind, id);
    const existed = (await stat(file).catch(() => undefined)) !== undefined;
    await rm(file, { force: true });
    return existed;
  }

  async function listKind(kind: StoredPromptKind): Promise<string[]> {
    const names = await markdownFiles(join(root, FOLDER_OF_KIND[kind]));
    return names.map((name) => name.slice(0, -3)).filter(isPromptId);
  }

  return {
    async list() {
      const prompts: StoredPrompt[] = [];
      for (const kind of STORED_PROMPT_KINDS) {
        for (const id of await listKind(kind)) {
          const prompt = await read(kind, id).catch(() => undefined);
          if (prompt) prompts.push(prompt);
        }
      }
      return prompts.sort((a, b) => a.id.localeCompare(b.id));
    },

    async get(id) {
      return (await read("override", id)) ?? (await read("custom", id));
    },

    async put(input) {
      const prompt = checkStoredPrompt(input);
      const file = fileOf(prompt.kind, prompt.id);
      await mkdir(join(root, FOLDER_OF_KIND[prompt.kind]), { recursive: true });
      await writeFileAtomic(file, prompt.text, new Date(prompt.updatedAt));
      // One prompt per id: saving it as one kind removes it as the other.
      for (const kind of STORED_PROMPT_KINDS) if (kind !== prompt.kind) await remove(kind, prompt.id);
    },

    async delete(id) {
      const removed = await Promise.all(STORED_PROMPT_KINDS.map((kind) => remove(kind, id)));
      return removed.includes(true);
    },

    async clear(kind) {
      for (const k of STORED_PROMPT_KINDS) {
        if (kind !== undefined && k !== kind) continue;
        for (const id of await listKind(k)) await remove(k, id);
      }
    },
  };
}
