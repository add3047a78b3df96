/**
 * zod schemas → OpenAPI component schemas. Each schema is converted on its own with z.toJSONSchema;
 * the named schemas it uses (those with .meta({ id })) come back as $defs and are hoisted into
 * components/schemas, with their references rewritten to point there.
 */
import { z } from 'zod';

export type JsonSchema = Record<string, unknown>;

const DEFS_PREFIX = '#/$defs/';
const COMPONENTS_PREFIX = '#/components/schemas/';

export class ComponentSchemas {
  private readonly byName = new Map<string, { json: JsonSchema; text: string }>();

  /**
   * The JSON Schema of `schema` as the API sees it: request parts as clients send them ("input"),
   * responses as the server produces them ("output"). A named schema (or one given `nameIfInline`)
   * comes back as a $ref into components.
   */
  convert(schema: z.ZodType, io: 'input' | 'output', nameIfInline?: string): JsonSchema {
    const json = z.toJSONSchema(schema, {
      io,
      target: 'draft-2020-12',
      unrepresentable: 'throw',
      override: dropDateTimePattern
    }) as JsonSchema;
    const defs = (json.$defs ?? {}) as Record<string, JsonSchema>;
    delete json.$defs;
    delete json.$schema;
    for (const [name, def] of Object.entries(defs)) this.add(name, rewriteRefs(def) as JsonSchema);
    const top = rewriteRefs(json) as JsonSchema;
    if (nameIfInline && typeof top.$ref !== 'string') {
      this.add(nameIfInline, top);
      return { $ref: COMPONENTS_PREFIX + nameIfInline };
    }
    return top;
  }

  /** Components by name, sorted so the document's text does not depend on route order. */
  all(): Record<string, JsonSchema> {
    return Object.fromEntries([...this.byName.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([name, { json }]) => [name, json]));
  }

  private add(name: string, json: JsonSchema): void {
    const text = JSON.stringify(json);
    const existing = this.byName.get(name);
    if (existing && existing.text !== text) {
      throw new Error(
        `two different schemas are named ${name} in the API (often one schema used in a request and a response while it has defaults, transforms or a non-strict object); give them distinct ids`
      );
    }
    this.byName.set(name, { json, text });
  }
}

/** "format": "date-time" already says it; zod's long regex beside it only makes the document hard to read. */
function dropDateTimePattern({ jsonSchema }: { jsonSchema: { format?: string; pattern?: string } }): void {
  if (jsonSchema.format === 'date-time') delete jsonSchema.pattern;
}

function rewriteRefs(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(rewriteRefs);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) => [
      key,
      key === '$ref' && typeof inner === 'string' && inner.startsWith(DEFS_PREFIX)
        ? COMPONENTS_PREFIX + inner.slice(DEFS_PREFIX.length)
        : rewriteRefs(inner)
    ])
  );
}
