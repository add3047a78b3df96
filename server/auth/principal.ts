import type { Role } from './roles';

/** Who is calling: the token a request authenticated with (never its value). */
export interface Principal {
  tokenId: string;
  name: string;
  roles: Role[];
}
