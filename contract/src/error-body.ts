import { z } from 'zod';

/** The one JSON shape of every error answer. */
export const ErrorBodySchema = z
  .object({
    error: z.object({
      code: z.string().meta({ description: 'Stable machine-readable code, e.g. validation_failed, unauthenticated, not_found' }),
      message: z.string().meta({ description: 'What went wrong, for people' }),
      requestId: z.string().meta({ description: 'Also in the X-Request-Id header and the server log' }),
      details: z.unknown().optional().meta({ description: 'Structured detail; for validation_failed a list of { path, message }' })
    })
  })
  .meta({ id: 'Error' });

export type ErrorBody = z.infer<typeof ErrorBodySchema>;

export function errorBody(code: string, message: string, requestId: string, details?: unknown): ErrorBody {
  return { error: { code, message, requestId, ...(details === undefined ? {} : { details }) } };
}
