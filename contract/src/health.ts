import { z } from 'zod';

/** What GET /api/v1/health answers (no token needed). */
export const HealthSchema = z
  .object({
    status: z.enum(['ok', 'unavailable']),
    store: z.enum(['sqlite', 'mongodb']),
    version: z.string()
  })
  .meta({ id: 'Health' });

export type Health = z.infer<typeof HealthSchema>;
