import type { Role } from '@mlportal/contract';

/**
 * Who is calling: the token a request authenticated with (never its value). The acting user, in
 * one form everywhere: route handlers read it from context.principal (the route kit's) and hand it,
 * or its name where a service only records who acted, to the services.
 */
export interface Principal {
  tokenId: string;
  name: string;
  roles: Role[];
}
