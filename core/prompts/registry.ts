import { AppError, TemplateError } from "../errors";
import { parsePromptFile } from "./parse-prompt-file";
import type { PromptDefinition } from "./prompt-definition";
import type { PromptFileSource, PromptStore, StoredPrompt } from "./store";
import { inputsGiven, PROMPT_STAGES, type PromptStage, STAGE_FOLDERS } from "./variables";

/** A prompt as the UI and the pipeline see it: the definition in effect and where it came from. */
export type PromptEntry = PromptDefinition & {
  /** The file text in effect (the edit when there is one). */
  text: string;
  builtin: boolean;
  /** A built-in with a saved edit in effect. */
  edited: boolean;
  updatedAt?: string;
  /** Why a saved edit is not in effect (it no longer validates), so the built-in is used. */
  problem?: string;
};

export interface PromptRegistry {
  list(stage?: PromptStage): Promise<PromptEntry[]>;
  get(id: string): Promise<PromptEntry>;
  getBuiltin(id: string): Promise<PromptEntry>;
  /** Saves an edit of a built-in (id, stage and output unchanged) or an update of a custom analyzer. */
  edit(id: string, text: string): Promise<PromptEntry>;
  reset(id: string): Promise<PromptEntry>;
  resetAll(): Promise<void>;
  createCustom(text: string): Promise<PromptEntry>;
  updateCustom(id: string, text: string): Promise<PromptEntry>;
  deleteCustom(id: string): Promise<void>;
}

export interface PromptRegistryDeps {
  builtins: PromptFileSource;
  store: PromptStore;
  now?: () => Date;
}

/** Longer than any sensible prompt; keeps a pasted transcript out of the prompt store. */
export const MAX_PROMPT_CHARS = 50_000;

interface Builtin {
  definition: PromptDefinition;
  text: string;
}

const STAGE_OF_FOLDER = new Map<string, PromptStage>(
  PROMPT_STAGES.map((stage) => [STAGE_FOLDERS[stage], stage]),
);
const STAGE_ORDER = new Map<string, number>(PROMPT_STAGES.map((stage, i) => [stage, i]));

const sameText = (a: string, b: string): boolean =>
  a.replace(/\r\n?/g, "\n").trimEnd() === b.replace(/\r\n?/g, "\n").trimEnd();

const notFound = (id: string): AppError =>
  new AppError("not_found", `no prompt "${id}"`, { details: { id } });

async function loadBuiltins(source: PromptFileSource): Promise<Map<string, Builtin>> {
  const builtins = new Map<string, Builtin>();
  for (const file of await source.list()) {
    const definition = parsePromptFile(file.text, file.path);
    const folder = file.path.split(/[\\/]/).at(-2);
    const folderStage = folder === undefined ? undefined : STAGE_OF_FOLDER.get(folder);
    if (folderStage !== undefined && folderStage !== definition.stage)
      throw new TemplateError(`${file.path}: stage ${definition.stage} does not match its folder ${folder}/`);
    if (builtins.has(definition.id))
      throw new TemplateError(`${file.path}: the id "${definition.id}" is used twice`);
    builtins.set(definition.id, { definition, text: file.text });
  }
  return builtins;
}

function parseEdit(id: string, text: string, what: string): PromptDefinition {
  if (text.length > MAX_PROMPT_CHARS)
    throw new TemplateError(`${what}: a prompt has at most ${MAX_PROMPT_CHARS} characters`);
  const definition = parsePromptFile(text, what);
  if (id !== "" && definition.id !== id)
    throw new TemplateError(
      `${what}: the id cannot change (it is "${id}", the text says "${definition.id}")`,
    );
  return definition;
}

/**
 * Refuses a prompt that names a block or variable its step never gives it, naming the first one:
 * saved, it would fail every job that runs it (for a system prompt: every job).
 */
function checkRenderable(definition: PromptDefinition, what: string): void {
  const given = inputsGiven(definition.id, definition.stage);
  const runs =
    definition.stage === "system" ? `when "${definition.id}" runs` : `in stage ${definition.stage}`;
  for (const block of definition.requires) {
    if (!(given.blocks as ReadonlySet<string>).has(block))
      throw new TemplateError(
        `${what}: the block "${block}" is never given ${runs}, so the prompt could not render`,
        {
          details: { name: block },
        },
      );
  }
  const offered = [...given.variables].sort().join(", ") || "none";
  for (const name of definition.variables) {
    if (!(given.variables as ReadonlySet<string>).has(name))
      throw new TemplateError(
        `${what}: the variable "${name}" has no value ${runs}, so the prompt could not render; it can use: ${offered}`,
        { details: { name } },
      );
  }
}

const byStageThenId = (a: PromptEntry, b: PromptEntry): number =>
  (STAGE_ORDER.get(a.stage) ?? 0) - (STAGE_ORDER.get(b.stage) ?? 0) ||
  Number(b.builtin) - Number(a.builtin) ||
  a.id.localeCompare(b.id);

/**
 * Built-in prompts with people's edits applied, plus custom analyzers. Built-ins are read once;
 * edits live in the store, so a reset is deleting the edit.
 */
export function createPromptRegistry(deps: PromptRegistryDeps): PromptRegistry {
  const now = deps.now ?? (() => new Date());
  let loading: Promise<Map<string, Builtin>> | undefined;
  const builtins = (): Promise<Map<string, Builtin>> => {
    loading ??= loadBuiltins(deps.builtins).catch((e: unknown) => {
      loading = undefined; // a failed read is retried on the next call instead of cached forever
      throw e;
    });
    return loading;
  };

  const original = ({ definition, text }: Builtin): PromptEntry => ({
    ...definition,
    text,
    builtin: true,
    edited: false,
  });

  function withOverride(builtin: Builtin, stored: StoredPrompt | undefined): PromptEntry {
    if (stored?.kind !== "override") return original(builtin);
    try {
      const definition = parseEdit(builtin.definition.id, stored.text, `${builtin.definition.id} (edited)`);
      if (definition.stage !== builtin.definition.stage)
        throw new TemplateError("the stage differs from the built-in");
      return { ...definition, text: stored.text, builtin: true, edited: true, updatedAt: stored.updatedAt };
    } catch (e) {
      const problem = e instanceof Error ? e.message : String(e);
      return { ...original(builtin), problem: `the saved edit is not used: ${problem}` };
    }
  }

  const custom = (stored: StoredPrompt): PromptEntry => ({
    ...parseEdit(stored.id, stored.text, stored.id),
    text: stored.text,
    builtin: false,
    edited: false,
    updatedAt: stored.updatedAt,
  });

  async function builtinOrThrow(id: string): Promise<Builtin> {
    const builtin = (await builtins()).get(id);
    if (!builtin) throw notFound(id);
    return builtin;
  }

  async function storedCustom(id: string): Promise<StoredPrompt | undefined> {
    if ((await builtins()).has(id)) return undefined;
    const stored = await deps.store.get(id);
    return stored?.kind === "custom" ? stored : undefined;
  }

  async function saveCustom(id: string, text: string): Promise<PromptEntry> {
    const definition = parseEdit(id, text, id || "custom analyzer");
    if (definition.stage === "system")
      throw new TemplateError(`${definition.id}: a custom analyzer has stage A, B or final, not system`);
    checkRenderable(definition, definition.id);
    const stored: StoredPrompt = { id: definition.id, kind: "custom", text, updatedAt: now().toISOString() };
    await deps.store.put(stored);
    return custom(stored);
  }

  const registry: PromptRegistry = {
    async list(stage) {
      const [all, stored] = await Promise.all([builtins(), deps.store.list()]);
      const storedById = new Map(stored.map((p) => [p.id, p]));
      const entries = [...all.values()].map((b) => withOverride(b, storedById.get(b.definition.id)));
      for (const p of stored) {
        if (p.kind !== "custom" || all.has(p.id)) continue;
        // A custom analyzer that no longer validates is left out of the list; get(id) reports why.
        try {
          entries.push(custom(p));
        } catch {}
      }
      return entries.filter((e) => stage === undefined || e.stage === stage).sort(byStageThenId);
    },

    async get(id) {
      const builtin = (await builtins()).get(id);
      if (builtin) return withOverride(builtin, await deps.store.get(id));
      const stored = await storedCustom(id);
      if (!stored) throw notFound(id);
      return custom(stored);
    },

    async getBuiltin(id) {
      return original(await builtinOrThrow(id));
    },

    async edit(id, text) {
      const builtin = (await builtins()).get(id);
      if (!builtin) return registry.updateCustom(id, text);
      const definition = parseEdit(id, text, `${id} (edited)`);
      checkRenderable(definition, `${id} (edited)`);
      const before = builtin.definition;
      if (definition.stage !== before.stage)
        throw new TemplateError(`${id}: the stage cannot change in an edit (it is ${before.stage})`);
      if (definition.output !== before.output || definition.schema !== before.schema)
        throw new TemplateError(`${id}: the output format cannot change in an edit (the pipeline reads it)`);
      if (sameText(text, builtin.text)) {
        await deps.store.delete(id);
        return original(builtin);
      }
      const stored: StoredPrompt = { id, kind: "override", text, updatedAt: now().toISOString() };
      await deps.store.put(stored);
      return withOverride(builtin, stored);
    },

    async reset(id) {
      const builtin = await builtinOrThrow(id);
      if ((await deps.store.get(id))?.kind === "override") await deps.store.delete(id);
      return original(builtin);
    },

    async resetAll() {
      await deps.store.clear("override");
    },

    async createCustom(text) {
      const definition = parseEdit("", text, "custom analyzer");
      if ((await builtins()).has(definition.id))
        throw new AppError(
          "conflict",
          `"${definition.id}" is a built-in analyzer; give the custom one another id`,
        );
      if (await deps.store.get(definition.id))
        throw new AppError("conflict", `a custom analyzer "${definition.id}" exists already`);
      return saveCustom(definition.id, text);
    },

    async updateCustom(id, text) {
      if ((await builtins()).has(id))
        throw new AppError("forbidden", `"${id}" is a built-in analyzer; edit it instead of replacing it`);
      if (!(await storedCustom(id))) throw notFound(id);
      return saveCustom(id, text);
    },

    async deleteCustom(id) {
      if ((await builtins()).has(id))
        throw new AppError(
          "forbidden",
          `"${id}" is a built-in analyzer and cannot be deleted; reset it instead`,
        );
      if (!(await storedCustom(id))) throw notFound(id);
      await deps.store.delete(id);
    },
  };
  return registry;
}
