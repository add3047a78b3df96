/** KServe v1's predict path, POST /v1/models/<deployment>:predict: the JSON form ({"instances"} or {"entities"}) of serving.predict. */
import type { Request, Response } from 'express';
import { NotFoundError } from '../../platform/errors';
import type { Principal } from '../../platform/principal';
import type { ServingService } from '../service';
import { parseRequestJson } from './json-body';

const PREDICT_SUFFIX = ':predict';

export async function kserveV1Predict(
  serving: Pick<ServingService, 'predict'>,
  req: Request,
  res: Response,
  principal: Principal
): Promise<void> {
  const target = String(req.params.target);
  if (!target.endsWith(PREDICT_SUFFIX) || target.length === PREDICT_SUFFIX.length) {
    throw new NotFoundError(`no such endpoint: POST ${req.path}; KServe v1 predicts at /v1/models/<deployment>:predict`);
  }
  const name = target.slice(0, -PREDICT_SUFFIX.length);
  const body = Buffer.isBuffer(req.body) ? parseRequestJson(req.body.toString('utf8')) : {};
  const answer = await serving.predict(name, body, principal.name);
  res.status(200).json(answer);
}
