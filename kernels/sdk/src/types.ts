/**
 * The answers every client reads, as the contract defines them (@mlportal/contract), and what the
 * module-level functions read from.
 */
import type { z } from 'zod';
import type { WhoAmISchema } from '@mlportal/contract';

/** GET /api/v1/health (answers without a token): status, which document store, version. */
export type { Health, ErrorBody } from '@mlportal/contract';

/** GET /api/v1/auth/whoami: the identity behind the token. */
export type WhoAmI = z.output<typeof WhoAmISchema>;

/** The environment the module-level functions read (process.env by default). */
export type Environment = Readonly<Record<string, string | undefined>>;
