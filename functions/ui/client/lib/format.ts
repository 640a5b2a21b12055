import type { Usage } from "../../../../core/llm/usage";

/** How numbers, times and money read on the page. */

const integer = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });
const oneDecimal = new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 });

export const formatInteger = (n: number | undefined) => integer.format(n ?? 0);

export function formatTokens(n: number | undefined): string {
  if (n === undefined) return "—";
  if (n >= 1_000_000) return `${oneDecimal.format(n / 1_000_000)}M`;
  if (n >= 10_000) return `${oneDecimal.format(n / 1000)}k`;
  return integer.format(n);
}

export function formatDuration(ms: number | undefined): string {
  if (ms === undefined || Number.isNaN(ms)) return "—";
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 60) return `${oneDecimal.format(s)} s`;
  const m = Math.floor(s / 60);
  return `${m} min ${Math.round(s - m * 60)} s`;
}

/** `null` means the model has no price in the table: say so rather than show $0. */
export function formatCost(usd: number | null | undefined): string {
  if (usd === undefined) return "—";
  if (usd === null) return "unpriced";
  if (usd === 0) return "$0";
  if (usd < 0.01) return `$${usd.toFixed(4)}`;
  return `$${usd.toFixed(2)}`;
}

/** Seconds from the start of a recording as `h:mm:ss` or `m:ss`. */
export function formatClock(seconds: number | undefined): string {
  if (seconds === undefined) return "";
  const total = Math.max(0, Math.floor(seconds));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${s}` : `${m}:${s}`;
}

export function formatWhen(iso: string | undefined): string {
  if (!iso) return "";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
}

export const formatPercent = (share: number | undefined) => `${Math.round((share ?? 0) * 100)}%`;

/** A file's size or a limit: `10 MB`, `1.5 MB`, `64 KB`. */
export function formatSize(bytes: number): string {
  const mb = bytes / 1024 / 1024;
  if (mb >= 1) return `${oneDecimal.format(mb)} MB`;
  return `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

export const plural = (n: number, one: string, many = `${one}s`) =>
  `${formatInteger(n)} ${n === 1 ? one : many}`;

/** Sum of a usage record's input and output tokens. */
export const usageTotal = (usage: Usage | undefined) => (usage ? usage.inputTokens + usage.outputTokens : 0);
