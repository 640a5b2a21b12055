/** How numbers, times and money read on the page. */

const integer = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });
const oneDecimal = new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 });

export const formatInteger = (n) => integer.format(n ?? 0);

export function formatTokens(n) {
  if (n === undefined || n === null) return "—";
  if (n >= 1_000_000) return `${oneDecimal.format(n / 1_000_000)}M`;
  if (n >= 10_000) return `${oneDecimal.format(n / 1000)}k`;
  return integer.format(n);
}

export function formatDuration(ms) {
  if (ms === undefined || ms === null || Number.isNaN(ms)) return "—";
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 60) return `${oneDecimal.format(s)} s`;
  const m = Math.floor(s / 60);
  return `${m} min ${Math.round(s - m * 60)} s`;
}

/** `null` means the model has no price in the table: say so rather than show $0. */
export function formatCost(usd) {
  if (usd === undefined) return "—";
  if (usd === null) return "unpriced";
  if (usd === 0) return "$0";
  if (usd < 0.01) return `$${usd.toFixed(4)}`;
  return `$${usd.toFixed(2)}`;
}

/** Seconds from the start of a recording as `h:mm:ss` or `m:ss`. */
export function formatClock(seconds) {
  if (seconds === undefined || seconds === null) return "";
  const total = Math.max(0, Math.floor(seconds));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${s}` : `${m}:${s}`;
}

export function formatWhen(iso) {
  if (!iso) return "";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
}

export const formatPercent = (share) => `${Math.round((share ?? 0) * 100)}%`;

export const plural = (n, one, many = `${one}s`) => `${formatInteger(n)} ${n === 1 ? one : many}`;

/** Sum of a usage record's input and output tokens. */
export const usageTotal = (usage) => (usage ? (usage.inputTokens ?? 0) + (usage.outputTokens ?? 0) : 0);
