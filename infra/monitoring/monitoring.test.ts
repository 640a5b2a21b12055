import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { loadConfig } from "../config";
import { createMetrics } from "../metrics";

/**
 * The monitoring stack is configuration, not code: these checks keep it in step with the metrics
 * the hosts really export and with the compose services Prometheus scrapes.
 */
const ROOT = path.resolve(import.meta.dirname, "../..");
const read = (file: string) => readFileSync(path.join(ROOT, file), "utf8");
// `merge`: the main compose file shares settings between services with YAML merge keys (`<<: *app`).
const yamlOf = <T>(file: string) => parse(read(file), { merge: true }) as T;

interface Service {
  environment?: Record<string, string> | string[];
  networks?: string[] | Record<string, unknown>;
  volumes?: string[];
  ports?: string[];
}
interface Compose {
  services: Record<string, Service>;
}
interface ScrapeConfig {
  job_name: string;
  metrics_path?: string;
  static_configs?: Array<{ targets: string[] }>;
  dns_sd_configs?: Array<{ names: string[]; type: string; port: number }>;
}

const prometheus = yamlOf<{ scrape_configs: ScrapeConfig[] }>("infra/monitoring/prometheus.yml");
const monitoring = yamlOf<Compose>("docker-compose.monitoring.yml");
/** Read where needed, so a fault in the main compose file fails only the checks against it. */
const mainCompose = () => yamlOf<Compose>("docker-compose.yml");
const dashboard = JSON.parse(read("infra/monitoring/grafana/dashboards/transcript-analyzer.json"));
const datasources = yamlOf<{ datasources: Array<{ uid: string; type: string; url: string }> }>(
  "infra/monitoring/grafana/provisioning/datasources/prometheus.yml",
);
const providers = yamlOf<{ providers: Array<{ options: { path: string } }> }>(
  "infra/monitoring/grafana/provisioning/dashboards/dashboards.yml",
);

const job = (name: string): ScrapeConfig => {
  const found = prometheus.scrape_configs.find((s) => s.job_name === name);
  if (!found) throw new Error(`prometheus.yml has no ${name} job`);
  return found;
};
/** A service's environment as a map, from either compose spelling (list or mapping). */
/**
 * A service's environment as the container gets it with no .env: a `${VAR:-default}` value is its
 * default, and an empty value is left out (the app reads empty as not set).
 */
const envOf = (service: Service | undefined): Record<string, string> => {
  const env = service?.environment ?? {};
  const pairs = Array.isArray(env)
    ? env.map((e) => [e.split("=")[0]!, e.split("=").slice(1).join("=")] as const)
    : Object.entries(env);
  return Object.fromEntries(
    pairs
      .map(([k, value]) => [k, /^\$\{\w+:-(.*)\}$/.exec(String(value))?.[1] ?? String(value)] as const)
      .filter(([, value]) => value !== ""),
  );
};
const networksOf = (service: Service | undefined) =>
  Array.isArray(service?.networks) ? service.networks : Object.keys(service?.networks ?? {});
const service = (compose: Compose, name: string): Service => {
  const found = compose.services[name];
  if (!found) throw new Error(`no ${name} service`);
  return found;
};

type Panel = {
  type: string;
  title: string;
  datasource?: { uid: string };
  targets?: Array<{ expr: string; legendFormat?: string }>;
};
const panels: Panel[] = dashboard.panels.filter((p: Panel) => p.type !== "row");
const exprs = panels.flatMap((p) => (p.targets ?? []).map((t) => t.expr));

const metrics = createMetrics();
const exported = new Map(
  metrics.registry
    .getMetricsAsArray()
    .map((m) => [m.name, (m as unknown as { labelNames: string[] }).labelNames]),
);
const HISTOGRAM_SERIES = /_(bucket|sum|count)$/;
/** The metric names a PromQL expression reads: ours and prom-client's process metrics. */
const metricNames = (expr: string) =>
  [...expr.matchAll(/\b((?:transcript|process|nodejs)_[a-z0-9_]+)\b/g)].map((m) => m[1]!);
const baseName = (name: string) => (exported.has(name) ? name : name.replace(HISTOGRAM_SERIES, ""));

describe("Prometheus scrape configuration", () => {
  it("scrapes the app service on its API port and every worker replica on METRICS_PORT", () => {
    const compose = mainCompose();
    const appPort = Number(envOf(compose.services.app).PORT ?? loadConfig({}).port);
    const workerEnv = envOf(compose.services.worker);
    const metricsPort = Number(workerEnv.METRICS_PORT ?? loadConfig({}).metricsPort);
    expect(metricsPort).toBeGreaterThan(0);
    expect(job("app").metrics_path).toBe("/metrics");
    expect(job("app").static_configs?.flatMap((s) => s.targets)).toEqual([`app:${appPort}`]);
    expect(job("worker").metrics_path).toBe("/metrics");
    expect(job("worker").dns_sd_configs).toEqual([
      expect.objectContaining({ names: ["worker"], type: "A", port: metricsPort }),
    ]);
  });

  it("names services that the main compose file defines, on the network Prometheus joins", () => {
    const compose = mainCompose();
    for (const name of ["app", "worker"]) {
      expect(compose.services[name], `docker-compose.yml has no ${name} service`).toBeDefined();
      expect(networksOf(compose.services[name])).toContain("transcript-net");
    }
    expect(networksOf(service(monitoring, "prometheus"))).toContain("transcript-net");
    expect(networksOf(service(monitoring, "grafana"))).toContain("transcript-net");
  });
});

describe("monitoring compose file", () => {
  it("mounts the repo's Prometheus config and Grafana provisioning, which exist", () => {
    const volumes = ["prometheus", "grafana"].flatMap((name) => service(monitoring, name).volumes ?? []);
    const mounts = volumes.map((v) => v.split(":")).filter(([source]) => source!.startsWith("./"));
    expect(mounts.map(([, target]) => target)).toEqual([
      "/etc/prometheus/prometheus.yml",
      "/etc/grafana/provisioning",
      "/etc/grafana/dashboards",
    ]);
    for (const [source] of mounts) expect(existsSync(path.join(ROOT, source!)), source).toBe(true);
    expect(providers.providers[0]?.options.path).toBe("/etc/grafana/dashboards");
  });

  it("takes Grafana's admin password from the environment, with no default written in the file", () => {
    const env = envOf(service(monitoring, "grafana"));
    expect(env.GF_SECURITY_ADMIN_PASSWORD).toMatch(/^\$\{GRAFANA_ADMIN_PASSWORD:\?[^}]*\}$/);
    expect(env.GF_AUTH_ANONYMOUS_ENABLED).toBe("false");
  });

  it("publishes Prometheus and Grafana on this machine only", () => {
    for (const name of ["prometheus", "grafana"]) {
      const ports = service(monitoring, name).ports ?? [];
      expect(ports.length).toBeGreaterThan(0);
      for (const port of ports) expect(port).toMatch(/^127\.0\.0\.1:/);
    }
  });

  it("points Grafana's datasource at the prometheus service, and every panel at that datasource", () => {
    const [source] = datasources.datasources;
    const promPort = service(monitoring, "prometheus").ports?.[0]?.split(":").at(-1);
    expect(source).toMatchObject({ type: "prometheus", url: `http://prometheus:${promPort}` });
    for (const panel of panels) expect(panel.datasource?.uid, panel.title).toBe(source?.uid);
  });
});

describe("Grafana dashboard", () => {
  it("queries only metrics that createMetrics() exports", () => {
    const used = new Set(exprs.flatMap(metricNames));
    expect(used.size).toBeGreaterThan(5);
    for (const name of used) expect(exported.has(baseName(name)), `${name} is not exported`).toBe(true);
  });

  it("groups and labels series only by labels those metrics have", () => {
    for (const panel of panels) {
      for (const target of panel.targets ?? []) {
        const labels = new Set(metricNames(target.expr).flatMap((n) => exported.get(baseName(n)) ?? []));
        const grouped = [...target.expr.matchAll(/by \(([^)]*)\)/g)].flatMap((m) => m[1]!.split(/,\s*/));
        const selected = [...target.expr.matchAll(/[{,]\s*([a-z_]+)\s*=~?/g)].map((m) => m[1]!);
        const legend = [...(target.legendFormat ?? "").matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]!);
        for (const label of [...grouped, ...selected, ...legend]) {
          if (["le", "job", "instance"].includes(label)) continue;
          expect(labels.has(label), `${panel.title}: ${label} in ${target.expr}`).toBe(true);
        }
      }
    }
  });

  it("shows what operators asked for: request rate and p50/p95/p99 by route, jobs, analyzer p95, tokens, cost, queue depth, LLM errors", () => {
    const has = (pattern: RegExp) =>
      expect(
        exprs.some((e) => pattern.test(e)),
        String(pattern),
      ).toBe(true);
    has(/sum by \(route, method\) \(rate\(transcript_http_request_duration_seconds_count/);
    for (const q of ["0.5", "0.95", "0.99"]) {
      has(
        new RegExp(
          `histogram_quantile\\(${q}, sum by \\(le, route\\) \\(rate\\(transcript_http_request_duration_seconds_bucket`,
        ),
      );
    }
    has(/sum by \(status\) \(increase\(transcript_jobs_total/);
    has(
      /histogram_quantile\(0\.95, sum by \(le, analyzer\) \(rate\(transcript_analyzer_duration_seconds_bucket/,
    );
    has(/sum by \(model, kind\) \(rate\(transcript_llm_tokens_total/);
    has(/sum by \(model\) \(rate\(transcript_llm_cost_usd_total/);
    has(/max by \(queue, state\) \(transcript_queue_depth\)/);
    has(/sum by \(code\) \(increase\(transcript_llm_errors_total/);
  });

  it("has unique panel ids and a stable uid for links", () => {
    const ids = dashboard.panels.map((p: { id: number }) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(dashboard.uid).toBe("transcript-analyzer");
  });
});
