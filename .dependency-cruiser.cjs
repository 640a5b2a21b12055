/** The dependency rule of ARCHITECTURE.md, checked by a tool rather than by eye. */
module.exports = {
  forbidden: [
    {
      name: "core-no-framework",
      comment:
        "core/ is pure analysis: no HTTP framework, queue, Redis or database client, model SDK or network server.",
      severity: "error",
      from: { path: "^core/" },
      to: {
        path: "(^|/)node_modules/(hono|@hono|bullmq|ioredis|ws|pino|prom-client|@bull-board|openai|pg|postgres|@electric-sql)/|^(node:)?(http|https|http2|net)$",
      },
    },
    {
      name: "core-stays-inside",
      comment: "core/ must not reach into functions/ or infra/.",
      severity: "error",
      from: { path: "^core/" },
      to: { path: "^(functions|infra)/" },
    },
    {
      name: "functions-no-adapter",
      comment: "functions/ use core and its ports; only infra/ wires adapters to ports.",
      severity: "error",
      from: { path: "^functions/" },
      to: { path: "^infra/" },
    },
    {
      name: "functions-independent",
      comment:
        "a function's bundle must not pull in another function's code (shared/ and the manifest are common).",
      severity: "error",
      from: { path: "^functions/([^/]+)/" },
      to: {
        path: "^functions/",
        pathNot: ["^functions/$1/", "^functions/shared/", "^functions/manifest\\.ts$"],
      },
    },
    {
      name: "no-circular",
      severity: "error",
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "\\.test\\.ts$" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default"],
    },
  },
};
