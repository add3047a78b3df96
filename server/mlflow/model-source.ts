/**
 * The ONNX file behind a CreateModelVersion `source`: a run's artifact (a file, or a folder such as
 * an MLflow flavour's model/ holding exactly one .onnx file) or an existing version's file. The
 * registry then validates it (artifacts.registerExisting) before any version refers to it.
 */
import type { RouteServices } from '../api/route';
import { BadRequestError, NotFoundError } from '../platform/errors';
import { parseModelSource } from './source-uri';

export interface ResolvedModelSource {
  sha256: string;
  /** The run the file was logged to, for lineage. */
  runId?: string;
}

export async function resolveModelSource(source: string, services: RouteServices): Promise<ResolvedModelSource> {
  const parsed = parseModelSource(source);
  switch (parsed.kind) {
    case 'registered-version': {
      const version = await services.registry.versions.get(parsed.model, parsed.version);
      return { sha256: version.artifact.sha256, ...(version.lineage.runId ? { runId: version.lineage.runId } : {}) };
    }
    case 'registered-alias': {
      const version = await services.registry.aliases.get(parsed.model, parsed.alias);
      return { sha256: version.artifact.sha256, ...(version.lineage.runId ? { runId: version.lineage.runId } : {}) };
    }
    case 'run-artifact':
      return { sha256: await onnxFileOfRun(services, parsed.runId, parsed.path), runId: parsed.runId };
  }
}

async function onnxFileOfRun(services: RouteServices, runId: string, path: string): Promise<string> {
  const tracking = services.tracking;
  if (path) {
    const file = await tracking.artifacts.resolve(runId, path);
    if (file) return modelBytesOf(file, runId, path);
  }
  const listing = await tracking.artifacts.list(runId, path || undefined);
  const where = path ? `"${path}" of run ${runId}` : `the artifacts of run ${runId}`;
  if (listing.files.length === 0) throw new NotFoundError(`run ${runId} has no artifact at "${path}"`, { runId, path });
  const onnxFiles = listing.files.filter((f) => !f.isDir && f.path.toLowerCase().endsWith('.onnx'));
  if (onnxFiles.length === 0) {
    throw new BadRequestError(
      `no .onnx file in ${where} (found ${listing.files.map((f) => f.path).join(', ')}); mlportal registers ONNX models: log the model as an .onnx file`
    );
  }
  if (onnxFiles.length > 1) {
    throw new BadRequestError(
      `${where} holds ${onnxFiles.length} .onnx files (${onnxFiles.map((f) => f.path).join(', ')}); name one of them in the source`
    );
  }
  const file = await tracking.artifacts.resolve(runId, onnxFiles[0].path);
  if (!file) throw new NotFoundError(`run ${runId} has no artifact at "${onnxFiles[0].path}"`, { runId, path: onnxFiles[0].path });
  return modelBytesOf(file, runId, onnxFiles[0].path);
}

/**
 * A version's file is readable by every role (models:read), so a run file classified as rows
 * (auth/rows.ts) never becomes one: that would hand its rows to roles the rule keeps them from.
 */
function modelBytesOf(file: { sha256: string; rows: boolean }, runId: string, path: string): string {
  if (file.rows) {
    throw new BadRequestError(
      `artifact "${path}" of run ${runId} is classified as holding data rows; a model version is readable by every role, so it cannot be registered from it`
    );
  }
  return file.sha256;
}
