/**
 * The Open Inference Protocol (KServe v2) over REST, at the server root: health, server and model
 * metadata, model readiness and infer, where a model is a deployment and /versions/:v one version
 * of it. A router of its own (like the MLflow facade): its bodies are read raw (JSON, or JSON plus
 * binary tensors) and its errors take the protocol's form. Health is public (probes); the rest
 * needs a token with predictions:send. KServe v1's predict path (the JSON form) lives here too,
 * for the same error form. An infer request may send entity keys instead of the model's inputs
 * (entity-keys.ts): the features then come from the online store, as for the JSON form.
 */
import express, { Router, type Request, type RequestHandler, type Response } from 'express';
import { refuseAnnouncedOversize } from '../../api/announced-size';
import { requestState } from '../../api/request-state';
import { authenticateRequest, authorize } from '../../auth/authenticate';
import type { TokenService } from '../../auth/token-service';
import type { Config } from '../../config';
import type { Principal } from '../../platform/principal';
import { serverVersion } from '../../platform/version';
import { NotFoundError } from '../../platform/errors';
import type { ServingEngine } from '../engine/engine';
import type { ServingService } from '../service';
import { VersionNotInDeploymentError } from '../engine/errors';
import { InvalidInputError } from '../runtime/errors';
import { decodeInferRequest, encodeInferResponse, feedsFor } from './codec';
import { datatypeOf, metadataShape } from './datatypes';
import { entityKeysOf } from './entity-keys';
import { protocolErrors } from './errors';
import { kserveV1Predict } from './v1-predict';

const MODEL = '/v2/models/:name';
const VERSION = '/v2/models/:name/versions/:version';

/** What the protocol router uses: serving, the tokens that authenticate callers, and the body limits. */
export interface InferenceProtocolDependencies {
  serving: ServingService;
  tokens: TokenService;
  config: Config;
}

export function inferenceProtocolRouter(services: InferenceProtocolDependencies): Router {
  const router = Router();
  const options = { engine: () => services.serving.engine, maxBytes: services.config.maxPredictBytes };
  // Before express.raw, which would read a body announced too large to its end before answering 413.
  const refuseOversize = refuseAnnouncedOversize(services.config, 'maxPredictBytes');
  const guarded =
    (route: string, handle: (req: Request, res: Response, principal: Principal) => unknown): RequestHandler =>
    async (req, res) => {
      requestState(res).route = route;
      const principal = await authenticateRequest(req.get('Authorization'), 'predictions:send', services.tokens);
      requestState(res).tokenId = principal.tokenId;
      authorize(principal, 'predictions:send');
      await handle(req, res, principal);
    };

  router.get('/v2/health/live', (_req, res) => {
    requestState(res).route = '/v2/health/live';
    res.json({ live: true });
  });
  router.get('/v2/health/ready', (_req, res) => {
    requestState(res).route = '/v2/health/ready';
    const engine = options.engine();
    const ready = engine.served().every((name) => engine.isReady(name));
    res.status(ready ? 200 : 503).json({ ready });
  });
  router.get(
    '/v2',
    guarded('/v2', (_req, res) => res.json({ name: 'mlportal', version: serverVersion(), extensions: ['binary_tensor_data'] }))
  );

  for (const path of [MODEL, VERSION]) {
    router.get(
      path,
      guarded(path, (req, res) => res.json(metadata(options.engine(), req)))
    );
    router.get(
      `${path}/ready`,
      guarded(`${path}/ready`, (req, res) => {
        const engine = options.engine();
        const { name, version } = addressed(engine, req);
        const ready = engine.isReady(name, version);
        res.status(ready ? 200 : 503).json({ name, ready });
      })
    );
    router.post(
      `${path}/infer`,
      refuseOversize,
      express.raw({ type: () => true, limit: options.maxBytes }),
      guarded(`${path}/infer`, (req, res) => infer(services.serving, req, res))
    );
  }
  router.all('/v2/{*rest}', (req, res, next) => {
    requestState(res).route = '/v2/*';
    next(new NotFoundError(`no such endpoint of the inference protocol: ${req.method} ${req.path}`));
  });
  router.post(
    '/v1/models/:target',
    refuseOversize,
    express.raw({ type: () => true, limit: options.maxBytes }),
    guarded('/v1/models/:name:predict', (req, res, principal) => kserveV1Predict(services.serving, req, res, principal))
  );
  router.use(['/v2', '/v1/models'], protocolErrors());
  return router;
}

/** The deployment and version a path names; 404 (in the engine) for either unknown. */
function addressed(engine: ServingEngine, req: Request): { name: string; version: number | undefined } {
  const name = String(req.params.name);
  const given = req.params.version as string | undefined;
  if (given === undefined) {
    engine.metadata(name);
    return { name, version: undefined };
  }
  if (!/^[1-9]\d{0,9}$/.test(given)) throw new VersionNotInDeploymentError(name, given, engine.metadata(name).versions.map(Number));
  const version = Number(given);
  engine.metadata(name, version);
  return { name, version };
}

function metadata(engine: ServingEngine, req: Request) {
  const { name, version } = addressed(engine, req);
  const meta = engine.metadata(name, version);
  const tensor = (spec: { name: string; elementType: string; shape: Array<number | string | null> }) => ({
    name: spec.name,
    datatype: datatypeOf(spec.elementType),
    shape: metadataShape(spec.shape)
  });
  return {
    name: meta.name,
    versions: version === undefined ? meta.versions : [String(version)],
    platform: meta.platform,
    inputs: meta.inputs.map(tensor),
    outputs: meta.outputs.map(tensor)
  };
}

async function infer(serving: ServingService, req: Request, res: Response): Promise<void> {
  const engine = serving.engine;
  const { name, version } = addressed(engine, req);
  const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
  const decoded = decodeInferRequest(body, req.get('Inference-Header-Content-Length'));
  const entities = entityKeysOf(decoded.inputs);
  const enriched = entities ? serving.entityFeeds(entities) : null;
  const result = await engine.infer(name, {
    version,
    requestId: requestState(res).requestId,
    ...(entities ? { entityKeys: entities } : {}),
    // The version is drawn first; its signature decides what the tensors must be.
    resolveFeeds: async (ref, signature) => {
      const outputs = signature.outputs.map((spec) => spec.name);
      const unknown = (decoded.outputs ?? [])
        .filter((output) => !outputs.includes(output.name))
        .map((output) => JSON.stringify(output.name));
      if (unknown.length)
        throw new InvalidInputError(
          `unknown output ${unknown.join(', ')}; the model's outputs are ${outputs.map((n) => JSON.stringify(n)).join(', ')}`
        );
      return enriched ? enriched(ref, signature) : feedsFor(decoded.inputs, signature);
    }
  });
  const encoded = encodeInferResponse(result.outputs, decoded.outputs, decoded.binaryOutputs, {
    modelName: name,
    modelVersion: String(result.version),
    id: decoded.id,
    predictionIds: result.predictionIds
  });
  if (encoded.headerLength !== undefined) {
    res.setHeader('Inference-Header-Content-Length', String(encoded.headerLength));
    res.setHeader('Content-Type', 'application/octet-stream');
  } else {
    res.setHeader('Content-Type', 'application/json');
  }
  res.status(200).end(encoded.body);
}
