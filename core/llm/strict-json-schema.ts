import { toJsonSchema } from "@valibot/to-json-schema";
import type * as v from "valibot";
import { AppError } from "../errors";

type Json = Record<string, unknown>;
export type ValibotSchema = v.GenericSchema;

/**
 * Keywords OpenAI's strict structured outputs accept; anything else ($schema, default,
 * minLength, propertyNames…) makes the request fail, so it is dropped. valibot still checks the
 * dropped constraints on the answer.
 */
const KEPT = new Set([
  "type",
  "description",
  "title",
  "enum",
  "const",
  "$ref",
  "pattern",
  "minimum",
  "maximum",
  "exclusiveMinimum",
  "exclusiveMaximum",
  "multipleOf",
  "minItems",
  "maxItems",
]);
const FORMATS = new Set([
  "date-time",
  "time",
  "date",
  "duration",
  "email",
  "hostname",
  "ipv4",
  "ipv6",
  "uuid",
]);

export interface StructuredSchema {
  /** For `jsonSchema.schema` of a request: strict-mode ready. */
  jsonSchema: Json;
  /**
   * Undoes the strict-mode encoding on an answer: a `null` for a property that is optional (not
   * nullable) in the valibot schema is removed, so valibot sees it absent and applies its default.
   */
  normalize(value: unknown): unknown;
}

/**
 * The valibot schema as OpenAI strict mode wants it: every object closed
 * (`additionalProperties: false`) and listing every property in `required`, optional values
 * expressed as nullable. Throws AppError("internal") for what strict mode cannot express (records,
 * intersections, untyped values): a fault in the schema, found in tests, not at run time.
 */
export function prepareStructuredSchema(schema: ValibotSchema): StructuredSchema {
  // "input": the model writes what valibot parses, i.e. the schema's input side.
  const loose = toJsonSchema(schema, { errorMode: "ignore", typeMode: "input" }) as Json;
  if (loose.type !== "object") fail("(root)", "the root must be an object");
  const jsonSchema = strictNode(loose, "");
  for (const defsKey of ["$defs", "definitions"]) {
    const defs = loose[defsKey];
    if (isJson(defs)) {
      jsonSchema[defsKey] = Object.fromEntries(
        Object.entries(defs).map(([name, def]) => [
          name,
          strictNode(asJson(def, name), `${defsKey}.${name}`),
        ]),
      );
    }
  }
  return { jsonSchema, normalize: (value) => dropAddedNulls(value, loose, loose) };
}

export function toStrictJsonSchema(schema: ValibotSchema): Json {
  return prepareStructuredSchema(schema).jsonSchema;
}

function strictNode(node: Json, path: string): Json {
  if (node.allOf || node.not || node.if) fail(path, "intersections and conditions (allOf/not/if)");
  if (Array.isArray(node.items) || node.prefixItems) fail(path, "tuples");
  const out: Json = {};
  for (const [key, value] of Object.entries(node)) {
    if (KEPT.has(key)) out[key] = value;
  }
  if (typeof node.format === "string" && FORMATS.has(node.format)) out.format = node.format;
  const union = node.anyOf ?? node.oneOf;
  if (Array.isArray(union)) {
    out.anyOf = union.map((branch, i) => strictNode(asJson(branch, path), `${path}|${i}`));
  }
  if (node.items !== undefined) out.items = strictNode(asJson(node.items, path), `${path}[]`);
  if (isObjectType(node)) {
    if (node.additionalProperties !== undefined && node.additionalProperties !== false) {
      fail(path, "records and open objects (use an array of {key, value} items instead)");
    }
    const properties = isJson(node.properties) ? node.properties : {};
    const required = new Set(Array.isArray(node.required) ? node.required : []);
    out.properties = Object.fromEntries(
      Object.entries(properties).map(([name, child]) => {
        const strict = strictNode(asJson(child, name), path ? `${path}.${name}` : name);
        return [name, required.has(name) ? strict : nullable(strict)];
      }),
    );
    out.required = Object.keys(properties);
    out.additionalProperties = false;
  }
  if (!("type" in out || "anyOf" in out || "$ref" in out || "enum" in out || "const" in out)) {
    fail(path, "values of any type (strict mode needs a type for every value)");
  }
  return out;
}

function nullable(node: Json): Json {
  if (allowsNull(node)) return node;
  if (typeof node.type === "string" && !("const" in node)) {
    const out: Json = { ...node, type: [node.type, "null"] };
    if (Array.isArray(node.enum)) out.enum = [...node.enum, null];
    return out;
  }
  if (Array.isArray(node.anyOf) && !("type" in node))
    return { ...node, anyOf: [...node.anyOf, { type: "null" }] };
  return { anyOf: [node, { type: "null" }] };
}

function allowsNull(node: Json): boolean {
  if (node.type === "null" || (Array.isArray(node.type) && node.type.includes("null"))) return true;
  const union = node.anyOf ?? node.oneOf;
  return Array.isArray(union) && union.some((b) => isJson(b) && allowsNull(b));
}

function dropAddedNulls(value: unknown, node: Json, root: Json): unknown {
  const target = resolveRef(node, root);
  if (Array.isArray(value)) {
    return isJson(target.items)
      ? value.map((item) => dropAddedNulls(item, target.items as Json, root))
      : value;
  }
  if (!isJson(value)) return value;
  if (isObjectType(target) && isJson(target.properties)) {
    const properties = target.properties;
    const required = new Set(Array.isArray(target.required) ? target.required : []);
    const out: Json = {};
    for (const [key, item] of Object.entries(value)) {
      const child = properties[key];
      if (!isJson(child)) {
        out[key] = item;
        continue;
      }
      if (item === null && !required.has(key) && !allowsNull(resolveRef(child, root))) continue;
      out[key] = dropAddedNulls(item, child, root);
    }
    return out;
  }
  // A union: only unambiguous when a single branch describes objects.
  const union = target.anyOf ?? target.oneOf;
  if (Array.isArray(union)) {
    const objects = union.filter((b): b is Json => isJson(b) && isObjectType(resolveRef(b, root)));
    if (objects.length === 1) return dropAddedNulls(value, objects[0]!, root);
  }
  return value;
}

function resolveRef(node: Json, root: Json): Json {
  const ref = node.$ref;
  if (typeof ref !== "string") return node;
  const match = /^#\/(\$defs|definitions)\/(.+)$/.exec(ref);
  const defs = match ? root[match[1]!] : undefined;
  const target = match && isJson(defs) ? defs[match[2]!] : undefined;
  return isJson(target) ? target : node;
}

function isObjectType(node: Json): boolean {
  return node.type === "object" || (Array.isArray(node.type) && node.type.includes("object"));
}

function isJson(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function asJson(value: unknown, path: string): Json {
  if (!isJson(value)) fail(path, "a schema that is not an object");
  return value;
}

function fail(path: string, what: string): never {
  throw new AppError(
    "internal",
    `This output schema cannot be used with strict structured outputs: ${what} at ${path || "(root)"}.`,
    { details: { path: path || "(root)" } },
  );
}
