import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseAllDocuments, parse as parseYaml } from "yaml";
import { httpFunctions, queueFunctions } from "../../functions/manifest";
import { redisKeys } from "../../infra/adapters/redis/keys";
import { ROOT } from "../helpers/pipeline-harness";

/**
 * The deployment files checked offline: every YAML parses, Kubernetes objects pass the API's
 * schemas (kubernetes-models bundles them; KEDA's from @kubernetes-models/keda) and refer to each
 * other consistently, probes and health checks ask routes that exist, and every environment
 * variable a file sets is one the app reads.
 */

// biome-ignore lint/suspicious/noExplicitAny: parsed YAML of many shapes, checked by the assertions
type Obj = Record<string, any>;
const read = (file: string) => readFileSync(path.join(ROOT, file), "utf8");
const yamlOf = (file: string): Obj => parseYaml(read(file), { merge: true });

const K8S_DIR = "infra/k8s";
const k8sFiles = readdirSync(path.join(ROOT, K8S_DIR)).filter((f) => f.endsWith(".yaml"));
const k8s: Array<{ file: string; doc: Obj }> = k8sFiles.flatMap((file) =>
  parseAllDocuments(read(`${K8S_DIR}/${file}`)).map((d) => {
    if (d.errors.length > 0) throw new Error(`${file}: ${d.errors[0]?.message}`);
    return { file, doc: d.toJS() as Obj };
  }),
);
const objects = k8s.filter((o) => o.doc.kind !== "Kustomization").map((o) => o.doc);
const ofKind = (kind: string) => objects.filter((o) => o.kind === kind);
const named = (kind: string, name: string) => ofKind(kind).find((o) => o.metadata.name === name);
const workloads = objects.filter((o) => ["Deployment", "StatefulSet"].includes(o.kind));
const containersOf = (w: Obj): Obj[] => w.spec.template.spec.containers;
const firstContainer = (w: Obj): Obj => containersOf(w)[0]!;

/** The variables infra/config.ts reads: the keys of its EnvSchema. */
const configKeys = (() => {
  const source = read("infra/config.ts");
  const block = source.slice(
    source.indexOf("const EnvSchema = v.object({"),
    source.indexOf("});", source.indexOf("const EnvSchema")),
  );
  return new Set([...block.matchAll(/^\s{2}([A-Z][A-Z0-9_]*):/gm)].map((m) => m[1]!));
})();

const getRoutes = new Set(
  httpFunctions.flatMap((f) => f.routes.filter((r) => r.method === "GET").map((r) => r.path)),
);
/** The path a health-check command fetches: `fetch('http://127.0.0.1:5000/api/health')`, or `+'/api/health'`. */
const fetchedPath = (command: string | string[]) =>
  /(?:https?:\/\/[^/'"]+|['"])(\/[\w/-]*)['"]/.exec([command].flat().join(" "))?.[1];

const COMPOSE_FILES = ["docker-compose.yml", "docker-compose.dev.yml", "docker-compose.test.yml"];
const STACK_FILE = "infra/swarm/docker-stack.yml";
const REDIS_FLAGS = ["--appendonly", "yes", "--appendfsync", "everysec", "--maxmemory-policy", "noeviction"];
const hasFlags = (args: string[], flags: string[]) =>
  flags.every((f, i) => i % 2 === 1 || args[args.indexOf(f) + 1] === flags[i + 1]);

describe("Kubernetes manifests (infra/k8s)", () => {
  it("are YAML documents with apiVersion, kind and a name, all in the tool's namespace", () => {
    expect(objects.length).toBeGreaterThan(10);
    for (const o of objects) {
      expect(o, JSON.stringify(o).slice(0, 80)).toMatchObject({
        apiVersion: expect.any(String),
        kind: expect.any(String),
        metadata: { name: expect.stringMatching(/^[a-z0-9-]+$/) },
      });
      if (o.kind !== "Namespace") expect(o.metadata.namespace, o.metadata.name).toBe("transcript-analyzer");
    }
  });

  it("pass the Kubernetes API schemas of their kind", async () => {
    const problems: string[] = [];
    for (const o of objects) {
      const [group, version] = o.apiVersion.includes("/")
        ? o.apiVersion.split("/")
        : [undefined, o.apiVersion];
      const module =
        group === "keda.sh"
          ? `@kubernetes-models/keda/keda.sh/${version}/${o.kind}`
          : `kubernetes-models/${group ? `${group}/` : ""}${version}/${o.kind}`;
      const Model = (await import(module))[o.kind];
      try {
        new Model(o).validate();
      } catch (e) {
        problems.push(`${o.kind}/${o.metadata.name}: ${(e as Error).message}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it("are all listed in the kustomization, which applies nothing else", () => {
    const kustomization = k8s.find((o) => o.doc.kind === "Kustomization")!.doc;
    expect([...kustomization.resources].sort()).toEqual(
      k8sFiles.filter((f) => f !== "kustomization.yaml").sort(),
    );
  });

  it("select their pods by labels the pod templates carry, and Services reach a named port", () => {
    for (const w of workloads) {
      expect(w.spec.template.metadata.labels).toMatchObject(w.spec.selector.matchLabels);
      for (const c of containersOf(w))
        expect(c.image, `${w.metadata.name}/${c.name}`).toMatch(/^[\w.-]+(\/[\w.-]+)*:[\w.-]+$/);
    }
    for (const svc of ofKind("Service")) {
      const targets = workloads.filter((w) =>
        Object.entries(svc.spec.selector).every(([k, v]) => w.spec.template.metadata.labels[k] === v),
      );
      expect(
        targets.map((t) => t.metadata.name),
        svc.metadata.name,
      ).toHaveLength(1);
      const ports = containersOf(targets[0]!).flatMap((c) => c.ports ?? []);
      for (const p of svc.spec.ports) expect(ports.map((cp: Obj) => cp.name)).toContain(p.targetPort);
    }
    for (const s of ofKind("StatefulSet")) expect(named("Service", s.spec.serviceName)).toBeDefined();
    for (const pdb of ofKind("PodDisruptionBudget")) {
      expect(
        workloads.some((w) =>
          Object.entries(pdb.spec.selector.matchLabels).every(
            ([k, v]) => w.spec.template.metadata.labels[k] === v,
          ),
        ),
      ).toBe(true);
    }
  });

  it("probe routes the app serves, on ports the container declares", () => {
    const app = named("Deployment", "transcript-analyzer-app")!;
    const container = firstContainer(app);
    expect(container.readinessProbe.httpGet.path).toBe("/api/health");
    for (const probe of [container.readinessProbe, container.livenessProbe]) {
      expect(getRoutes).toContain(probe.httpGet.path);
      expect(container.ports.map((p: Obj) => p.name)).toContain(probe.httpGet.port);
    }
    expect(container.ports[0].containerPort).toBe(
      Number(named("ConfigMap", "transcript-analyzer-config")!.data.PORT),
    );
  });

  it("run the app and workers as non-root on a read-only root, writing only to mounted volumes", () => {
    const config = named("ConfigMap", "transcript-analyzer-config")!.data;
    for (const name of ["transcript-analyzer-app", "transcript-analyzer-worker"]) {
      const pod = named("Deployment", name)!.spec.template.spec;
      expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 10001 });
      const [c] = pod.containers;
      expect(c.securityContext).toMatchObject({
        readOnlyRootFilesystem: true,
        allowPrivilegeEscalation: false,
      });
      const mounts = c.volumeMounts.map((m: Obj) => m.mountPath);
      expect(mounts).toContain(config.OUTPUT_DIR);
      expect(mounts).toContain("/tmp");
      for (const v of pod.volumes.filter((v: Obj) => v.persistentVolumeClaim)) {
        expect(named("PersistentVolumeClaim", v.persistentVolumeClaim.claimName)).toBeDefined();
      }
      for (const from of c.envFrom) {
        if (from.configMapRef) expect(named("ConfigMap", from.configMapRef.name)).toBeDefined();
        if (from.secretRef) expect(named("Secret", from.secretRef.name)).toBeDefined();
      }
    }
    expect(
      named("Deployment", "transcript-analyzer-app")!.spec.template.spec.containers[0].volumeMounts.map(
        (m: Obj) => m.mountPath,
      ),
    ).toContain(config.DATA_DIR);
  });

  it("need no ReadWriteMany volume: every read is served from PostgreSQL, job files stay in the pod", () => {
    const claims = [
      ...ofKind("PersistentVolumeClaim").map((c) => c.spec),
      ...ofKind("StatefulSet").flatMap((s) => s.spec.volumeClaimTemplates.map((t: Obj) => t.spec)),
    ];
    for (const c of claims) expect(c.accessModes).toEqual(["ReadWriteOnce"]);
    for (const name of ["transcript-analyzer-app", "transcript-analyzer-worker"]) {
      const volumes = named("Deployment", name)!.spec.template.spec.volumes;
      expect(volumes.filter((v: Obj) => v.persistentVolumeClaim)).toEqual([]);
    }
  });

  it("run PostgreSQL as a StatefulSet on its own volume, ready when pg_isready says so, its password from the Secret", () => {
    const pg = named("StatefulSet", "postgres")!;
    const c = firstContainer(pg);
    expect(c.image).toBe("postgres:15-bookworm");
    expect(c.readinessProbe.exec.command[0]).toBe("pg_isready");
    expect(pg.spec.volumeClaimTemplates[0].metadata.name).toBe(c.volumeMounts[0].name);
    expect(c.volumeMounts[0].mountPath).toBe("/var/lib/postgresql/data");
    const password = c.env.find((e: Obj) => e.name === "POSTGRES_PASSWORD").valueFrom.secretKeyRef;
    const secret = named("Secret", password.name)!;
    expect(secret.stringData[password.key]).toMatch(/^<[^>]+>$/);
    const url = secret.stringData.DATABASE_URL as string;
    const env = Object.fromEntries(c.env.filter((e: Obj) => e.value).map((e: Obj) => [e.name, e.value]));
    expect(url).toMatch(
      new RegExp(`^<postgres://${env.POSTGRES_USER}:[^@]+@postgres:5432/${env.POSTGRES_DB}>$`),
    );
    expect(named("Service", "postgres")!.spec.ports[0].port).toBe(5432);
  });

  it("keep the Secret a template: placeholders, never a value", () => {
    const secret = named("Secret", "transcript-analyzer-secrets")!;
    expect(secret.data).toBeUndefined();
    for (const [key, value] of Object.entries(secret.stringData)) expect(value, key).toMatch(/^<[^>]+>$/);
  });

  it("run Redis with AOF and noeviction on a persistent volume", () => {
    const redis = named("StatefulSet", "redis")!;
    expect(hasFlags(firstContainer(redis).args, REDIS_FLAGS)).toBe(true);
    expect(redis.spec.volumeClaimTemplates[0].metadata.name).toBe(firstContainer(redis).volumeMounts[0].name);
    expect(named("ConfigMap", "transcript-analyzer-config")!.data.REDIS_URL).toBe("redis://redis:6379");
  });

  it("scale the workers on the BullMQ wait lists the queues really use, and the app on CPU", () => {
    const scaled = ofKind("ScaledObject");
    expect(scaled).toHaveLength(1);
    const so = scaled[0]!;
    expect(named("Deployment", so.spec.scaleTargetRef.name)).toBeDefined();
    const lists = so.spec.triggers.map((t: Obj) => t.metadata.listName).sort();
    const queues = [...new Set(queueFunctions.map((f) => f.queue))];
    expect(lists).toEqual(queues.map((q) => `${redisKeys().queuePrefix()}:${q}:wait`).sort());
    for (const t of so.spec.triggers)
      expect(t.metadata.address).toBe("redis.transcript-analyzer.svc.cluster.local:6379");
    const hpas = ofKind("HorizontalPodAutoscaler");
    // KEDA makes its own HPA for its target: a second one on the same Deployment would fight it.
    expect(hpas.map((h) => h.spec.scaleTargetRef.name)).not.toContain(so.spec.scaleTargetRef.name);
    for (const h of hpas) expect(named("Deployment", h.spec.scaleTargetRef.name)).toBeDefined();
  });
});

describe("compose files", () => {
  const main = yamlOf("docker-compose.yml");
  const { redis, app, worker } = main.services;

  it("parse, and the main file has PostgreSQL, Redis, the app and the worker on transcript-net", () => {
    for (const file of [...COMPOSE_FILES, STACK_FILE]) expect(() => yamlOf(file), file).not.toThrow();
    expect(Object.keys(main.services).sort()).toEqual(["app", "postgres", "redis", "worker"]);
    expect(Object.keys(main.networks)).toEqual(["transcript-net"]);
    for (const s of [main.services.postgres, redis, app, worker])
      expect(s.networks).toEqual(["transcript-net"]);
  });

  it("keep PostgreSQL on a named volume, wait for pg_isready, and give app and workers its URL", () => {
    const { postgres } = main.services;
    expect(postgres.image).toBe("postgres:15-bookworm");
    const [volume, mount] = postgres.volumes[0].split(":");
    expect(mount).toBe("/var/lib/postgresql/data");
    expect(Object.keys(main.volumes)).toContain(volume);
    expect(postgres.healthcheck.test.join(" ")).toMatch(/pg_isready/);
    expect(postgres.ports, "no published port").toBeUndefined();
    for (const s of [app, worker]) {
      expect(s.depends_on.postgres.condition).toBe("service_healthy");
      expect(s.environment.DATABASE_URL).toMatch(
        /^postgres:\/\/\$\{POSTGRES_USER:-(\w+)\}:\$\{POSTGRES_PASSWORD:-\w+\}@postgres:5432\/\$\{POSTGRES_DB:-\1\}$/,
      );
    }
    for (const key of ["POSTGRES_USER", "POSTGRES_PASSWORD", "POSTGRES_DB"]) {
      expect(postgres.environment[key]).toMatch(new RegExp(`^\\$\\{${key}:-\\w+\\}$`));
    }
  });

  it("persist Redis (AOF on a named volume) with noeviction, and wait for it to answer", () => {
    expect(redis.image).toBe("redis:7-alpine");
    expect(hasFlags(redis.command, REDIS_FLAGS)).toBe(true);
    const [volume, mount] = redis.volumes[0].split(":");
    expect(mount).toBe("/data");
    expect(Object.keys(main.volumes)).toContain(volume);
    expect(redis.healthcheck.test).toEqual(["CMD", "redis-cli", "ping"]);
    for (const s of [app, worker]) expect(s.depends_on.redis.condition).toBe("service_healthy");
  });

  it("run app and worker from the built image, with .env optional and no source mounted over it", () => {
    for (const s of [app, worker]) {
      expect(s.build).toBe(".");
      // .env stays optional on every Compose version: no env_file, only ${VAR:-} values compose fills from it.
      expect(s.env_file).toBeUndefined();
      expect(s.environment.REDIS_URL).toBe("redis://redis:6379");
      expect(s.environment.OPENAI_MODEL).toMatch(/^\$\{OPENAI_MODEL:-[\w.-]+\}$/);
      // biome-ignore lint/suspicious/noTemplateCurlyInString: compose interpolation, not JavaScript
      expect(s.environment.SESSION_SECRET).toBe("${SESSION_SECRET:-}");
      for (const v of s.volumes) expect(v, "no bind mount of the sources").not.toMatch(/^\.{1,2}(\/|:)/);
    }
    // biome-ignore lint/suspicious/noTemplateCurlyInString: compose interpolation, not JavaScript
    expect(app.ports).toEqual(["${APP_BIND:-127.0.0.1}:${APP_PORT:-5001}:5000"]);
    expect(worker.command).toEqual(["node", "dist/host/worker.mjs"]);
    expect(worker.container_name, "a fixed name would break --scale worker=N").toBeUndefined();
    expect(worker.ports).toBeUndefined();
  });

  it("share one named volume for OUTPUT_DIR between app and worker, and limit their resources", () => {
    const outputMount = (s: Obj) => s.volumes.find((v: string) => v.endsWith(`:${s.environment.OUTPUT_DIR}`));
    expect(outputMount(app)).toBeDefined();
    expect(outputMount(worker)).toBe(outputMount(app));
    expect(app.deploy.resources.limits).toEqual({ cpus: "1.0", memory: "1G" });
    expect(worker.deploy.resources.limits).toEqual({ cpus: "2.0", memory: "2G" });
  });

  it("health-check the app on a route it serves", () => {
    expect(getRoutes).toContain(fetchedPath(app.healthcheck.test));
    const dockerfile = read("Dockerfile");
    expect(getRoutes).toContain(fetchedPath(/HEALTHCHECK[\s\S]*?CMD (\[.*\])/.exec(dockerfile)![1]!));
  });

  it("develop with esbuild watching and the hosts restarting on a new bundle", () => {
    const dev = yamlOf("docker-compose.dev.yml").services;
    expect(dev.builder.command).toEqual(["npx", "tsx", "esbuild.config.ts", "--watch"]);
    expect(read("esbuild.config.ts")).toMatch(/process\.argv\.includes\("--watch"\)/);
    expect(dev.app.command).toEqual(["node", "--watch-path=dist", "dist/host/http.mjs"]);
    expect(dev.worker.command).toEqual(["node", "--watch-path=dist", "dist/host/worker.mjs"]);
    for (const s of Object.values(dev) as Obj[]) {
      for (const v of s.volumes) expect(v).not.toMatch(/^\.:\/app(:|$)/);
    }
  });

  it("test the containers with the smoke test and the LLM test double as services", () => {
    const test = yamlOf("docker-compose.test.yml").services;
    expect(Object.keys(test).sort()).toEqual(["app", "llm", "redis", "tests", "worker"]);
    const smoke = test.tests.command.at(-1);
    expect(readdirSync(path.join(ROOT, "test/deploy"))).toContain(path.basename(smoke));
    expect(test.tests.environment.SMOKE_BASE_URL).toBe("http://app:5000");
    expect(test.llm.command.slice(0, 4)).toEqual(["node", "--import", "tsx", "test/llm-double/main.ts"]);
    expect(test.app.environment.OPENAI_BASE_URL).toBe("http://llm:8089/v1");
    expect(hasFlags(test.redis.command, REDIS_FLAGS)).toBe(true);
  });
});

describe("the Docker Swarm stack", () => {
  const stack = yamlOf(STACK_FILE);

  it("replicates app and workers with rolling updates, restarts and secrets, and Redis with AOF", () => {
    const { app, worker, redis } = stack.services;
    for (const s of [app, worker]) {
      expect(s.deploy.replicas).toBeGreaterThan(1);
      expect(s.deploy.update_config).toMatchObject({ parallelism: expect.any(Number) });
      expect(s.deploy.restart_policy.condition).toBe("on-failure");
      const sources = s.secrets.map((x: Obj) => x.source);
      for (const src of sources) expect(stack.secrets[src]).toEqual({ external: true });
      expect(s.environment.SESSION_SECRET).toBeUndefined();
      expect(s.environment.OPENAI_API_KEY).toBeUndefined();
    }
    expect(worker.deploy.replicas).toBeGreaterThan(app.deploy.replicas);
    expect(hasFlags(redis.command, REDIS_FLAGS)).toBe(true);
    const { postgres } = stack.services;
    expect(postgres.image).toBe("postgres:15-bookworm");
    expect(postgres.deploy.replicas).toBe(1);
    expect(stack.secrets[postgres.secrets[0].source]).toEqual({ external: true });
    for (const s of [app, worker])
      expect(s.environment.DATABASE_URL, "a secret, not a value").toBeUndefined();
    expect(app.entrypoint.join(" ")).toContain("DATABASE_URL=");
  });
});

describe("environment variables", () => {
  it("that any deployment file sets are ones the app reads (infra/config.ts)", () => {
    const set: Array<[string, string]> = [];
    for (const o of objects) {
      if (o.kind === "ConfigMap")
        for (const k of Object.keys(o.data)) set.push([`ConfigMap ${o.metadata.name}`, k]);
      if (o.kind === "Secret")
        for (const k of Object.keys(o.stringData)) set.push([`Secret ${o.metadata.name}`, k]);
    }
    for (const w of workloads.filter((w) => !["redis", "postgres"].includes(w.metadata.name))) {
      for (const c of containersOf(w)) for (const e of c.env ?? []) set.push([w.metadata.name, e.name]);
    }
    for (const file of [...COMPOSE_FILES, STACK_FILE]) {
      for (const [name, s] of Object.entries(yamlOf(file).services) as Array<[string, Obj]>) {
        for (const k of Object.keys(s.environment ?? {}))
          if (!["tests"].includes(name)) set.push([`${file} ${name}`, k]);
      }
    }
    for (const [, k] of read("Dockerfile").matchAll(/^(?:ENV)?\s+([A-Z_]+)=/gm)) set.push(["Dockerfile", k!]);
    for (const [, k] of read(".env.example").matchAll(/^([A-Z_]+)=/gm)) set.push([".env.example", k!]);
    // NODE_ENV is for npm and libraries; APP_BIND/APP_PORT only place the published port;
    // GRAFANA_ADMIN_* belong to the monitoring stack; POSTGRES_* and PGDATA configure the postgres image.
    const elsewhere = new Set([
      "POSTGRES_USER",
      "POSTGRES_PASSWORD",
      "POSTGRES_PASSWORD_FILE",
      "POSTGRES_DB",
      "PGDATA",
      "NODE_ENV",
      "APP_BIND",
      "APP_PORT",
      "GRAFANA_ADMIN_PASSWORD",
      "GRAFANA_ADMIN_USER",
    ]);
    expect(configKeys.size).toBeGreaterThan(30);
    expect(set.filter(([, k]) => !configKeys.has(k) && !elsewhere.has(k))).toEqual([]);
    expect(set.length).toBeGreaterThan(50);
  });

  it("that .env.example offers reach app and workers through the compose file", () => {
    const compose = yamlOf("docker-compose.yml").services as Record<string, Obj>;
    const offered = [...read(".env.example").matchAll(/^([A-Z_]+)=/gm)]
      .map((m) => m[1]!)
      .filter((k) => configKeys.has(k));
    expect(offered.length).toBeGreaterThan(20);
    for (const service of [compose.app!, compose.worker!]) {
      const missing = offered.filter((k) => !(k in service.environment));
      expect(missing, "settings .env.example offers but compose does not pass").toEqual([]);
    }
  });
});
