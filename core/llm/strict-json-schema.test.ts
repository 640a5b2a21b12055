import * as v from "valibot";
import { describe, expect, it } from "vitest";
import { LlmInsightsSchema } from "../insights/schema";
import { prepareStructuredSchema, toStrictJsonSchema } from "./strict-json-schema";

type Json = Record<string, unknown>;

/** Every object node in a schema, with its path, to check the strict-mode rules on all of them. */
function objectNodes(node: unknown, path = "$"): Array<[string, Json]> {
  if (typeof node !== "object" || node === null) return [];
  if (Array.isArray(node)) return node.flatMap((n, i) => objectNodes(n, `${path}[${i}]`));
  const json = node as Json;
  const here: Array<[string, Json]> =
    json.type === "object" || (Array.isArray(json.type) && json.type.includes("object"))
      ? [[path, json]]
      : [];
  return [...here, ...Object.entries(json).flatMap(([k, child]) => objectNodes(child, `${path}.${k}`))];
}

describe("toStrictJsonSchema", () => {
  const Schema = v.object({
    title: v.string(),
    note: v.optional(v.string()),
    owner: v.nullable(v.string()),
    due: v.optional(v.pipe(v.string(), v.isoDate())),
    kind: v.optional(v.picklist(["a", "b"])),
    meta: v.object({
      score: v.pipe(v.number(), v.minValue(0), v.maxValue(1)),
      tags: v.optional(v.array(v.string())),
      deep: v.object({ flag: v.optional(v.boolean(), false) }),
    }),
    items: v.pipe(
      v.array(
        v.object({ id: v.pipe(v.string(), v.regex(/^seg-\d+$/)), text: v.pipe(v.string(), v.minLength(1)) }),
      ),
      v.maxLength(5),
    ),
  });
  const schema = toStrictJsonSchema(Schema);

  it("closes every object and lists every property as required, at every depth", () => {
    const nodes = objectNodes(schema);
    expect(nodes.map(([path]) => path)).toEqual([
      "$",
      "$.properties.meta",
      "$.properties.meta.properties.deep",
      "$.properties.items.items",
    ]);
    for (const [, node] of nodes) {
      expect(node.additionalProperties).toBe(false);
      expect(node.required).toEqual(Object.keys(node.properties as Json));
    }
  });

  it("expresses optional values as nullable and leaves required ones alone", () => {
    const props = schema.properties as Record<string, Json>;
    expect(props.title).toEqual({ type: "string" });
    expect(props.note).toEqual({ type: ["string", "null"] });
    expect(props.owner).toEqual({ anyOf: [{ type: "string" }, { type: "null" }] });
    expect(props.due).toEqual({ type: ["string", "null"], format: "date" });
    expect(props.kind).toEqual({ type: ["string", "null"], enum: ["a", "b", null] });
    const meta = props.meta as { properties: Record<string, Json> };
    expect(meta.properties.tags).toEqual({ type: ["array", "null"], items: { type: "string" } });
    expect(meta.properties.score).toEqual({ type: "number", minimum: 0, maximum: 1 });
  });

  it("keeps array item schemas and the keywords strict mode supports, drops the rest", () => {
    const items = (schema.properties as Record<string, Json>).items as Json;
    expect(items).toEqual({
      type: "array",
      maxItems: 5,
      items: {
        type: "object",
        properties: { id: { type: "string", pattern: "^seg-\\d+$" }, text: { type: "string" } },
        required: ["id", "text"],
        additionalProperties: false,
      },
    });
    expect(JSON.stringify(schema)).not.toMatch(/\$schema|"default"|minLength/);
  });

  it("turns the project's insights schema into a strict one", () => {
    const strict = toStrictJsonSchema(LlmInsightsSchema);
    const item = ((strict.properties as Json).items as Json).items as Json;
    expect(item.required).toEqual(["type", "summary", "owner", "due", "evidence", "confidence"]);
    expect((item.properties as Json).evidence).toMatchObject({ additionalProperties: false });
  });

  it.each([
    ["a record", v.object({ counts: v.record(v.string(), v.number()) }), /records/],
    ["a value of any type", v.object({ anything: v.unknown() }), /any type/],
    ["a root that is not an object", v.array(v.string()), /root must be an object/],
  ])("refuses %s with a clear error", (_, bad, message) => {
    expect(() => toStrictJsonSchema(bad)).toThrow(message);
  });
});

describe("prepareStructuredSchema().normalize", () => {
  it("removes the nulls strict mode forced on optional properties, so valibot defaults apply", () => {
    const Schema = v.object({
      owner: v.nullable(v.string()),
      note: v.optional(v.string()),
      level: v.optional(v.number(), 3),
      list: v.array(v.object({ tag: v.optional(v.string()), keep: v.nullable(v.string()) })),
    });
    const { normalize } = prepareStructuredSchema(Schema);
    const answer = { owner: null, note: null, level: null, list: [{ tag: null, keep: null }] };
    const normalized = normalize(answer);
    expect(normalized).toEqual({ owner: null, list: [{ keep: null }] });
    expect(v.parse(Schema, normalized)).toEqual({ owner: null, level: 3, list: [{ keep: null }] });
  });
});
