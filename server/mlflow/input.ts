/**
 * What MLflow's client sends, as zod schemas: proto JSON with snake_case fields, int64 as a number
 * or a decimal string, GET parameters as query strings (a repeated one as an array). Objects are
 * not strict: newer clients send fields mlportal has no use for (run_uuid, model_id, …).
 */
import { z } from 'zod';

/** An int64 field: 1712345678901 or "1712345678901". */
export const int64 = z.union([z.number().int(), z.string().regex(/^-?\d+$/, 'expected an integer')]).transform(Number);

/**
 * A double field. Proto JSON writes NaN and ±Infinity as the strings "NaN", "Infinity",
 * "-Infinity"; they are kept as numbers here so the tracking service refuses them by name.
 */
export const double = z.union([
  z.number(),
  z.enum(['NaN', 'Infinity', '-Infinity']).transform(Number),
  z
    .string()
    .regex(/^-?\d+(\.\d+)?([eE][-+]?\d+)?$/, 'expected a number')
    .transform(Number)
]);

/** A query parameter the client may repeat (order_by, experiment_ids on GET); always an array. */
export const repeated = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]));

export const keyValue = z.object({ key: z.string(), value: z.string().optional().default('') });

/** [{key, value}] → Record, as our API takes tags. */
export function recordOf(pairs: ReadonlyArray<{ key: string; value: string }> | undefined): Record<string, string> | undefined {
  if (!pairs?.length) return undefined;
  return Object.fromEntries(pairs.map((p) => [p.key, p.value]));
}

/** MLflow's max_results: a positive integer (GET sends it as a string). */
export const maxResults = z.coerce.number().int().positive().optional();
