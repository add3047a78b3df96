/** GET /api/v1/health: answers without a token. */
export interface Health {
  status: 'ok';
  /** Which document store the backend runs on. */
  store: 'sqlite' | 'mongodb';
  version: string;
}

/** GET /api/v1/auth/whoami: the identity behind the token. */
export interface WhoAmI {
  tokenId: string;
  name: string;
  roles: string[];
  permissions: string[];
}

/** The one JSON shape of every error answer of the backend. */
export interface ErrorBody {
  error: {
    code: string;
    message: string;
    requestId: string;
    details?: unknown;
  };
}

/** The environment the module-level functions read (process.env by default). */
export type Environment = Readonly<Record<string, string | undefined>>;
