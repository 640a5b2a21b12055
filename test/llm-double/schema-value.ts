import { type PromptSegment, shortQuote } from "./prompt-reading";

/**
 * A deterministic value that satisfies a (strict-mode) JSON schema: objects with every property,
 * arrays of 1–2 items, the first enum value (cycling with the array position), numbers inside
 * their bounds, null wherever null is allowed. For the insights schema (an `items` array whose
 * items have `evidence`) the items cite real segments of the prompt's transcript with exact quotes.
 */

type Json = Record<string, unknown>;

interface Ctx {
  root: Json;
  segments: PromptSegment[];
  /** Position in the nearest enclosing array, to vary enums between items. */
  position: number;
  name: string;
}

export function valueFromSchema(schema: Json, segments: PromptSegment[] = []): unknown {
  const ctx: Ctx = { root: schema, segments, position: 0, name: "value" };
  const items = insightItemsSchema(schema);
  if (!items) return generate(schema, ctx);
  const value = generate(schema, ctx) as Json;
  value.items = groundedItems(items, ctx);
  return value;
}

function insightItemsSchema(schema: Json): Json | undefined {
  const items = asJson(asJson(schema.properties)?.items);
  const itemSchema = asJson(items?.items);
  return asJson(itemSchema?.properties)?.evidence ? itemSchema : undefined;
}

function groundedItems(itemSchema: Json, ctx: Ctx): Json[] {
  const quoted = ctx.segments.flatMap((s) => {
    const quote = shortQuote(s.text);
    return quote ? [{ segment: s, quote }] : [];
  });
  const picked = quoted.length > 1 ? [quoted[0]!, quoted.at(-1)!] : quoted;
  return picked.map(({ segment, quote }, position) => {
    const item = generate(itemSchema, { ...ctx, position, name: "item" }) as Json;
    const props = asJson(itemSchema.properties)!;
    if (typeof item.summary === "string")
      item.summary = `${segment.speaker} said "${quote}"; follow up on it.`;
    const evidence = (item.evidence ?? {}) as Json;
    const evidenceProps = asJson(resolve(asJson(props.evidence)!, ctx.root).properties) ?? {};
    if ("segmentIds" in evidenceProps) evidence.segmentIds = [segment.id];
    if ("quotes" in evidenceProps) evidence.quotes = [quote];
    if ("speakers" in evidenceProps) evidence.speakers = [segment.speaker];
    if ("timestamps" in evidenceProps) evidence.timestamps = segment.timestamp ? [segment.timestamp] : [];
    item.evidence = evidence;
    return item;
  });
}

function generate(schemaIn: Json, ctx: Ctx): unknown {
  const schema = resolve(schemaIn, ctx.root);
  if ("const" in schema) return schema.const;
  const union = (schema.anyOf ?? schema.oneOf) as Json[] | undefined;
  if (Array.isArray(union)) {
    if (union.some((b) => asJson(b)?.type === "null")) return null;
    return generate(union[0]!, ctx);
  }
  const types = Array.isArray(schema.type) ? schema.type : [schema.type];
  if (types.includes("null")) return null;
  if (Array.isArray(schema.enum) && schema.enum.length > 0)
    return schema.enum[ctx.position % schema.enum.length];
  switch (types[0]) {
    case "object":
      return Object.fromEntries(
        Object.entries(asJson(schema.properties) ?? {}).map(([name, child]) => [
          name,
          generate(asJson(child) ?? {}, { ...ctx, name }),
        ]),
      );
    case "array": {
      const min = typeof schema.minItems === "number" ? schema.minItems : 0;
      const max = typeof schema.maxItems === "number" ? schema.maxItems : Number.POSITIVE_INFINITY;
      const count = Math.min(Math.max(2, min), max);
      const item = asJson(schema.items) ?? {};
      return Array.from({ length: count }, (_, position) => generate(item, { ...ctx, position }));
    }
    case "string":
      return sampleString(schema, ctx);
    case "integer":
    case "number":
      return sampleNumber(schema, types[0] === "integer");
    case "boolean":
      return true;
    default:
      return null;
  }
}

function sampleString(schema: Json, ctx: Ctx): string {
  if (schema.format === "date") return "2025-01-15";
  if (schema.format === "date-time") return "2025-01-15T10:00:00Z";
  if (typeof schema.pattern === "string") {
    const pattern = new RegExp(schema.pattern);
    const candidates = [ctx.segments[0]?.id ?? "seg-1", "2025-01-15", "00:01:23", "a", "A", "1"];
    const fit = candidates.find((c) => pattern.test(c));
    if (fit) return fit;
  }
  return `Sample ${ctx.name}${ctx.position > 0 ? ` ${ctx.position + 1}` : ""}`;
}

function sampleNumber(schema: Json, integer: boolean): number {
  const low = num(schema.minimum) ?? num(schema.exclusiveMinimum);
  const high = num(schema.maximum) ?? num(schema.exclusiveMaximum);
  let value: number;
  if (low !== undefined && high !== undefined) value = (low + high) / 2;
  else if (low !== undefined) value = low + 1;
  else if (high !== undefined) value = high - 1;
  else value = 1;
  return integer ? Math.round(value) : value;
}

function num(value: unknown): number | undefined {
  return typeof value === "number" ? value : undefined;
}

function resolve(schema: Json, root: Json): Json {
  const ref = schema.$ref;
  if (typeof ref !== "string") return schema;
  const m = /^#\/(\$defs|definitions)\/(.+)$/.exec(ref);
  return (m && asJson(asJson(root[m[1]!])?.[m[2]!])) || schema;
}

function asJson(value: unknown): Json | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Json) : undefined;
}
