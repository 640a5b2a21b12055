/** A small closed-loop load generator: `connections` clients, each sending its next request when the last answers. */
export interface LoadResult {
  requests: number;
  errors: number;
  seconds: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
}

export async function load(
  url: string,
  init: () => RequestInit,
  options: { connections: number; requests: number; expectStatus: number },
): Promise<LoadResult> {
  const latencies: number[] = [];
  let errors = 0;
  let sent = 0;
  const started = performance.now();
  const client = async () => {
    while (sent < options.requests) {
      sent++;
      const t = performance.now();
      const res = await fetch(url, init());
      await res.arrayBuffer();
      latencies.push(performance.now() - t);
      if (res.status !== options.expectStatus) errors++;
    }
  };
  await Promise.all(Array.from({ length: options.connections }, client));
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q: number) =>
    Math.round(latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]! * 100) / 100;
  return {
    requests: latencies.length,
    errors,
    seconds: Math.round(seconds * 100) / 100,
    perSecond: Math.round(latencies.length / seconds),
    p50Ms: at(0.5),
    p99Ms: at(0.99),
  };
}
