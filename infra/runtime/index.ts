/** The one runtime every host, FaaS handler, the CLI and the test helpers are built from. */
export { createRuntime, type Runtime, type RuntimeOptions, type RuntimeRole } from "./create-runtime";
export type { QueueFunctions } from "./queue-dispatch";
export type { StateAdapters } from "./state";
