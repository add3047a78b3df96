/**
 * One MLflow REST endpoint: its method and path, the permission it needs (the same names as the
 * /api/v1 routes), the schema of what it takes and the handler. The router (router.ts) reads the
 * input from the query string for GET and from the JSON body otherwise, as MLflow's client sends it.
 */
import type { Request, Response } from 'express';
import type { z } from 'zod';
import type { AuthenticatedContext, RouteServices } from '../api/route';
import { requestState } from '../api/request-state';
import { authenticateRequest, authorize } from '../auth/authenticate';
import type { Permission } from '@mlportal/contract';

export type MlflowMethod = 'get' | 'post' | 'patch' | 'delete';

export interface MlflowEndpoint {
  readonly method: MlflowMethod;
  readonly path: string;
  readonly permission: Permission;
  readonly input: z.ZodType;
  handle(input: unknown, context: AuthenticatedContext): Promise<object>;
}

export function defineMlflowEndpoint<S extends z.ZodType>(spec: {
  method: MlflowMethod;
  /** Under /api/2.0/mlflow, e.g. /experiments/create. */
  path: string;
  permission: Permission;
  input: S;
  /** Answers the response message as proto JSON ({} for the empty ones). */
  handle(input: z.output<S>, context: AuthenticatedContext): Promise<object>;
}): MlflowEndpoint {
  return { ...spec, path: `/api/2.0/mlflow${spec.path}`, handle: spec.handle as MlflowEndpoint['handle'] };
}

/** Authenticates and authorises like the /api/v1 routes do (server/auth), and builds the handler context. */
export async function authenticatedContext(
  req: Request,
  res: Response,
  services: RouteServices,
  permission: Permission
): Promise<AuthenticatedContext> {
  const state = requestState(res);
  const principal = await authenticateRequest(req.get('Authorization'), permission, services.tokens);
  state.tokenId = principal.tokenId;
  authorize(principal, permission);
  return { requestId: state.requestId, services, logger: state.logger, principal };
}
