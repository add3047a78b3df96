/**
 * MLflow's artifact proxy (/api/2.0/mlflow-artifacts/artifacts), which its client uses for any
 * artifact_uri of the form mlflow-artifacts:/…: PUT <path> uploads a file (streamed), GET <path>
 * downloads one, GET ?path=<dir> lists a folder. runs/<run id>/… maps to the run's artifacts in
 * the tracking service; registered-models/<name>/versions/<n>/model.onnx is a version's ONNX file.
 */
import { posix } from 'node:path';
import type { Readable } from 'node:stream';
import type { Request, Router } from 'express';
import { refuseAnnouncedOversize } from '../../api/announced-size';
import { sendFile } from '../../api/mount';
import { requestState } from '../../api/request-state';
import { FileReply, type RouteServices } from '../../api/route';
import type { Reader } from '../../auth/rows';
import { BadRequestError, NotFoundError } from '../../platform/errors';
import { authenticatedContext } from '../endpoint';
import { parseArtifactsPath, VERSION_FILE_NAME, type ArtifactsPath } from '../source-uri';

interface MlflowFileInfo {
  path: string;
  is_dir: boolean;
  file_size?: number;
}

export function artifactHandlers(router: Router, root: string, services: RouteServices): void {
  router.get(root, async (req, res) => {
    requestState(res).route = root;
    const asked = typeof req.query.path === 'string' ? req.query.path : '';
    if (!asked) throw new BadRequestError("path is required: a run's artifact folder, e.g. runs/<run id>/model");
    const target = parseArtifactsPath(asked);
    await authenticatedContext(req, res, services, target.kind === 'run' ? 'experiments:read' : 'models:read');
    res.status(200).json({ files: await listFolder(services, target) });
  });

  router.get(`${root}/{*path}`, async (req, res) => {
    requestState(res).route = `${root}/*path`;
    const target = parseArtifactsPath(pathParam(req));
    const context = await authenticatedContext(req, res, services, target.kind === 'run' ? 'experiments:read' : 'models:read');
    const file = await openFile(services, target, context.principal);
    // Named like every other download (api/content-disposition.ts), whatever characters the name holds.
    await sendFile(
      res,
      200,
      new FileReply(file.stream, 'application/octet-stream', { bytes: file.size, fileName: posix.basename(target.path) })
    );
  });

  router.put(`${root}/{*path}`, refuseAnnouncedOversize(services.config, 'maxUploadBytes'), async (req, res) => {
    requestState(res).route = `${root}/*path`;
    const target = parseArtifactsPath(pathParam(req));
    const context = await authenticatedContext(req, res, services, 'experiments:write');
    if (target.kind !== 'run')
      throw new BadRequestError(`registered versions are read-only here; log files to a run (runs/<run id>/<path>)`);
    if (!target.path) throw new BadRequestError('name the file: runs/<run id>/<path>');
    await services.tracking.artifacts.put(target.runId, target.path, req, context.principal.name);
    res.status(200).json({});
  });
}

/** Express 5 hands a {*path} wildcard over as its decoded segments. */
function pathParam(req: Request): string {
  const value = (req.params as Record<string, string | string[] | undefined>).path;
  return Array.isArray(value) ? value.join('/') : (value ?? '');
}

/** One folder level, paths relative to the folder listed (the client joins them onto the path it asked for). */
async function listFolder(services: RouteServices, target: ArtifactsPath): Promise<MlflowFileInfo[]> {
  if (target.kind === 'model-version') {
    const version = await services.registry.versions.get(target.model, target.version);
    // Listing a file (or anything below the version's folder) lists nothing, as for a run's files.
    if (target.path) return [];
    return [{ path: VERSION_FILE_NAME, is_dir: false, file_size: version.artifact.size }];
  }
  const listing = await services.tracking.artifacts.list(target.runId, target.path || undefined);
  const prefix = target.path ? `${target.path}/` : '';
  return listing.files.map((f) => ({
    path: f.path.startsWith(prefix) ? f.path.slice(prefix.length) : f.path,
    is_dir: f.isDir,
    ...(f.size !== undefined && !f.isDir ? { file_size: f.size } : {})
  }));
}

/** `reader`: a run's file classified as rows opens only for those who may read rows (auth/rows.ts). */
async function openFile(services: RouteServices, target: ArtifactsPath, reader: Reader): Promise<{ stream: Readable; size: number }> {
  if (target.kind === 'model-version') {
    if (target.path !== VERSION_FILE_NAME) {
      throw new NotFoundError(`version ${target.version} of ${target.model} has one file, ${VERSION_FILE_NAME}`);
    }
    const download = await services.registry.versions.artifact(target.model, target.version);
    return { stream: download.stream, size: download.size };
  }
  if (!target.path) throw new BadRequestError('name the file: runs/<run id>/<path>');
  const file = await services.tracking.artifacts.open(target.runId, target.path, reader);
  return { stream: file.stream, size: file.size };
}
