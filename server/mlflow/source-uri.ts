/**
 * Where MLflow says a model version's files are (CreateModelVersion's `source`), as mlportal
 * understands it: a file or folder among a run's artifacts, or an already registered version.
 * The mlflow-artifacts path space has two roots: runs/<run id>/<path> (a run's artifacts, which
 * is what its artifact_uri says) and registered-models/<name>/versions/<n>/model.onnx (a
 * version's ONNX file, its `source` and download URI).
 */
import { BadRequestError } from '../platform/errors';

export type ModelSource =
  | { kind: 'run-artifact'; runId: string; /** '' for the run's artifact root */ path: string }
  | { kind: 'registered-version'; model: string; version: number }
  | { kind: 'registered-alias'; model: string; alias: string };

const RUN_ID = /^[0-9a-f]{32}$/;
const ARTIFACTS_SERVICE_ROOT = '/api/2.0/mlflow-artifacts/artifacts';

/** A run's artifact_uri as MLflow's client sees it: it uploads and lists through /api/2.0/mlflow-artifacts/artifacts/runs/<id>/…. */
export function runArtifactUri(runId: string): string {
  return `mlflow-artifacts:/runs/${runId}`;
}

/** An experiment's artifact_location; mlportal keeps artifacts per run, so nothing is served under it. */
export function experimentArtifactLocation(experimentId: string): string {
  return `mlflow-artifacts:/experiments/${experimentId}`;
}

/** The file name a registered version's ONNX file has in the mlflow-artifacts space. */
export const VERSION_FILE_NAME = 'model.onnx';

export function modelVersionArtifactUri(model: string, version: number): string {
  return `mlflow-artifacts:/registered-models/${encodeURIComponent(model)}/versions/${version}/${VERSION_FILE_NAME}`;
}

export type ArtifactsPath =
  | { kind: 'run'; runId: string; /** among the run's artifacts; '' for its root */ path: string }
  | { kind: 'model-version'; model: string; version: number; /** '' for the version's folder, else its file */ path: string };

/**
 * A path in the mlflow-artifacts space (what follows /api/2.0/mlflow-artifacts/artifacts/, or the
 * `path` query of a listing): a run's artifact or a registered version's file.
 */
export function parseArtifactsPath(artifactsPath: string): ArtifactsPath {
  const segments = artifactsPath.replace(/^\/+/, '').replace(/\/+$/, '').split('/');
  const [root, id, ...rest] = segments;
  if (root === 'runs' && id !== undefined && RUN_ID.test(id)) return { kind: 'run', runId: id, path: rest.join('/') };
  if (root === 'registered-models' && id && rest[0] === 'versions' && /^\d+$/.test(rest[1] ?? '') && rest.length <= 3) {
    return { kind: 'model-version', model: id, version: Number(rest[1]), path: rest[2] ?? '' };
  }
  throw new BadRequestError(
    `artifact path "${artifactsPath}" is not one mlportal serves: runs/<run id (32 hex digits)>/<path> (a run's artifact_uri) ` +
      `or registered-models/<name>/versions/<version>/${VERSION_FILE_NAME}`
  );
}

export function parseModelSource(source: string): ModelSource {
  const text = source.trim();
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(text)?.[1]?.toLowerCase();
  switch (scheme) {
    case 'runs':
      return parseRunsUri(text);
    case 'mlflow-artifacts':
      return sourceOfArtifactsPath(parseArtifactsPath(pathOfUri(text)));
    case 'http':
    case 'https': {
      const path = pathOfUri(text);
      const at = path.indexOf(ARTIFACTS_SERVICE_ROOT + '/');
      if (at >= 0) return sourceOfArtifactsPath(parseArtifactsPath(path.slice(at + ARTIFACTS_SERVICE_ROOT.length + 1)));
      break;
    }
    case 'models':
      return parseModelsUri(text);
  }
  throw new BadRequestError(
    `model source "${source}" is not one mlportal can read: give a run's artifact (runs:/<run id>/<path> or mlflow-artifacts:/runs/<run id>/<path>) ` +
      'holding an ONNX file, or a registered version (models:/<name>/<version> or models:/<name>@<alias>)'
  );
}

function sourceOfArtifactsPath(path: ArtifactsPath): ModelSource {
  return path.kind === 'run'
    ? { kind: 'run-artifact', runId: path.runId, path: path.path }
    : { kind: 'registered-version', model: path.model, version: path.version };
}

/** runs:/<run id>/<path>; the path may be empty (the run's root). */
function parseRunsUri(uri: string): ModelSource {
  const rest = uri.slice('runs:'.length).replace(/^\/+/, '');
  const [runId = '', ...path] = rest.split('/');
  if (!RUN_ID.test(runId)) throw new BadRequestError(`model source "${uri}": "${runId}" is not a run id (32 hex digits)`);
  return { kind: 'run-artifact', runId, path: path.filter(Boolean).join('/') };
}

/** models:/<name>/<version> or models:/<name>@<alias>. */
function parseModelsUri(uri: string): ModelSource {
  const rest = decodeURIComponent(uri.slice('models:'.length).replace(/^\/+/, '')).replace(/\/+$/, '');
  const alias = /^([^/@]+)@([^/@]+)$/.exec(rest);
  if (alias) return { kind: 'registered-alias', model: alias[1], alias: alias[2] };
  const version = /^([^/@]+)\/(\d+)$/.exec(rest);
  if (version) return { kind: 'registered-version', model: version[1], version: Number(version[2]) };
  throw new BadRequestError(
    `model source "${uri}" names no registered version: use models:/<name>/<version> or models:/<name>@<alias> ` +
      '(MLflow 3 logged-model ids, models:/<model id>, are not supported)'
  );
}

/** The path of scheme:/path or scheme://host/path, percent-decoded. */
function pathOfUri(uri: string): string {
  const afterScheme = uri.slice(uri.indexOf(':') + 1);
  let path = afterScheme;
  if (afterScheme.startsWith('//')) {
    const slash = afterScheme.indexOf('/', 2);
    path = slash < 0 ? '' : afterScheme.slice(slash);
  }
  try {
    return decodeURIComponent(path.split(/[?#]/)[0] ?? '');
  } catch {
    throw new BadRequestError(`"${uri}" is not a well-formed URI (bad percent-encoding)`);
  }
}
