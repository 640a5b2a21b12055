import path from "node:path";
import { computeAll } from "../../../core/computed/compute-all";
import { InputError } from "../../../core/errors";
import { countTokens } from "../../../core/llm/tokens";
import { createMemoryPromptStore } from "../../../core/prompts/memory-store";
import { createPromptRegistry } from "../../../core/prompts/registry";
import type { SearchPage } from "../../../core/search/model";
import { searchMeetings } from "../../../core/search/search";
import type { SynthesisMeeting } from "../../../core/synthesis/computed";
import { computedSynthesis } from "../../../core/synthesis/computed";
import { synthesisMarkdown } from "../../../core/synthesis/markdown";
import {
  MAX_SYNTHESIS_MEETINGS,
  MIN_SYNTHESIS_MEETINGS,
  type SynthesisResult,
} from "../../../core/synthesis/model";
import { modelSynthesis, type SynthesisModel, synthesisModel } from "../../../core/synthesis/with-model";
import type { Transcript } from "../../../core/transcript/model";
import { renderTranscript } from "../../../core/transcript/render";
import { analystSystem } from "../../../functions/shared/meetings";
import { createFsPromptSource } from "../../adapters/fs-prompts";
import type { Config } from "../../config";
import { createLlmFactory, pipelineSettings } from "../../llm-factory";
import { createRuntime } from "../../runtime";

const QUIET = { debug() {}, info() {}, warn() {}, error() {} };

/** `transcript-analyzer search "query"`: ranked passages over the meetings the CLI has analyzed. */
export async function searchLibrary(
  config: Config,
  library: string,
  query: string,
  filters: { speaker?: string; from?: string; to?: string; limit?: number },
): Promise<SearchPage> {
  const runtime = await createRuntime(config, "cli", { log: QUIET, databaseDir: library });
  try {
    return await searchMeetings(
      runtime.state.search,
      {
        q: query,
        filters: {
          ...(filters.speaker ? { speaker: filters.speaker } : {}),
          ...(filters.from ? { from: filters.from } : {}),
          ...(filters.to ? { to: filters.to } : {}),
        },
        pageSize: filters.limit ?? 10,
      },
      // The CLI's library is one person's: every meeting in it.
      null,
    );
  } finally {
    await runtime.close();
  }
}

export function searchText(page: SearchPage, library: string): string {
  if (page.hits.length === 0) return `No passages match "${page.query}" in ${library}.\n`;
  const lines = [
    `${page.total} passage(s) match "${page.query}" (showing ${page.hits.length}); library ${library}`,
    "",
  ];
  page.hits.forEach((h, i) => {
    const when = h.start !== undefined ? ` ${clock(h.start)}` : "";
    const where = [h.meetingTitle ?? h.meetingId, h.meetingDate].filter(Boolean).join(", ");
    lines.push(`${i + 1}. ${where} — ${h.speaker}${when} [${h.segmentId}]`);
    lines.push(`   ${h.snippet.map((p) => (p.match ? `*${p.text}*` : p.text)).join("")}`);
    lines.push(`   meeting ${h.meetingId}, segments ${h.segmentIds[0]}…${h.segmentIds.at(-1)}`);
  });
  return `${lines.join("\n")}\n`;
}

const clock = (seconds: number) => {
  const s = Math.floor(seconds);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
};

/**
 * `transcript-analyzer synthesize A B C`: what the transcripts share; with `model`, the themes
 * across them with verified citations beside the computed keywords and topics.
 */
export async function synthesizeFiles(
  files: ReadonlyArray<{ file: string; transcript: Transcript }>,
  model?: SynthesisModel,
): Promise<{ result: SynthesisResult; markdown: string }> {
  if (files.length < MIN_SYNTHESIS_MEETINGS || files.length > MAX_SYNTHESIS_MEETINGS)
    throw new InputError(
      "invalid_request",
      `synthesize takes ${MIN_SYNTHESIS_MEETINGS} to ${MAX_SYNTHESIS_MEETINGS} transcript files; got ${files.length}.`,
    );
  const meetings: SynthesisMeeting[] = files.map(({ file, transcript }) => {
    const computed = computeAll(transcript);
    return {
      meetingId: path.basename(file),
      title: transcript.title ?? path.basename(file),
      ...(transcript.date ? { date: transcript.date } : {}),
      transcript,
      computed: { keywords: computed.keywords, topics: computed.topics },
    };
  });
  const computed = computedSynthesis(meetings);
  const result = model
    ? await modelSynthesis(
        meetings.map((m) => {
          const transcriptText = renderTranscript(m.transcript, { ids: true });
          return { ...m, transcriptText, transcriptTokens: countTokens(transcriptText) };
        }),
        computed,
        model,
        undefined,
      )
    : computed;
  return { result, markdown: synthesisMarkdown(result) };
}

/** The configured model for a synthesis, with the analyst's system message from the prompts folder. */
export async function cliSynthesisModel(config: Config): Promise<SynthesisModel | undefined> {
  const llm = createLlmFactory(config)(undefined);
  if (!llm) return undefined;
  const registry = createPromptRegistry({
    builtins: createFsPromptSource(config.promptsDir),
    store: createMemoryPromptStore(),
  });
  return synthesisModel(
    llm,
    config.llm.model,
    await analystSystem({ prompts: registry }),
    pipelineSettings(config),
  );
}
