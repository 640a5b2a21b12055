import { vValidator } from "@hono/valibot-validator";
import type { ValidationTargets } from "hono";
import * as v from "valibot";
import { InputError } from "../../core/errors";

/**
 * Hono's valibot validator with this project's error shape: the first problem, with the path
 * where it is (`options.models.stageA: …`), as a 400 `invalid_request`.
 */
export function validate<T extends keyof ValidationTargets, S extends v.GenericSchema | v.GenericSchemaAsync>(
  target: T,
  schema: S,
) {
  return vValidator(target, schema, (result) => {
    if (!result.success) {
      const issue = result.issues[0]!;
      const path = v.getDotPath(issue);
      const where = path ? `${path}: ` : target === "json" ? "" : `${target}: `;
      throw new InputError("invalid_request", `${where}${issue.message}`, {
        details: { path: path ?? target, target },
      });
    }
  });
}
