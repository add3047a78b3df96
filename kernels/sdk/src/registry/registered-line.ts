/**
 * The one line registerFromNotebook prints in the kernel, and its parser for the JupyterLab
 * extension. tslab sends no execute_result (it console.logs a cell's last value), so the result
 * travels as a marked line of the cell's stdout. Browser-safe.
 */
import type { Lineage, ModelArtifact, ModelVersion } from './types';

export const REGISTERED_LINE_PREFIX = 'mlportal:model-registered ';

/** What the "Register model" action needs to show and link the new version. */
export type RegisteredSummary = Pick<ModelVersion, 'model' | 'version' | 'stage' | 'aliases'> &
  Pick<ModelArtifact, 'sha256' | 'size'> &
  Pick<Lineage, 'runId' | 'trainingSetId' | 'notebookPath' | 'cellId'>;

export function registeredSummary(version: ModelVersion): RegisteredSummary {
  const { lineage } = version;
  return {
    model: version.model,
    version: version.version,
    stage: version.stage,
    aliases: version.aliases,
    sha256: version.artifact.sha256,
    size: version.artifact.size,
    ...(lineage.runId ? { runId: lineage.runId } : {}),
    ...(lineage.trainingSetId ? { trainingSetId: lineage.trainingSetId } : {}),
    ...(lineage.notebookPath ? { notebookPath: lineage.notebookPath } : {}),
    ...(lineage.cellId ? { cellId: lineage.cellId } : {})
  };
}

/** The line printed for a registered version: the prefix, then compact JSON, no newline inside. */
export function registeredLine(version: ModelVersion): string {
  return `${REGISTERED_LINE_PREFIX}${JSON.stringify(registeredSummary(version))}`;
}

/** The summary in a cell's stdout text (the last one when there are several); null when there is none. */
export function parseRegisteredLine(output: string): RegisteredSummary | null {
  const lines = output.split(/\r?\n/).filter((line) => line.startsWith(REGISTERED_LINE_PREFIX));
  for (const line of lines.reverse()) {
    try {
      const parsed = JSON.parse(line.slice(REGISTERED_LINE_PREFIX.length)) as unknown;
      if (isSummary(parsed)) return parsed;
    } catch {
      // A line cut by the stream's chunking; an earlier one may be whole.
    }
  }
  return null;
}

function isSummary(value: unknown): value is RegisteredSummary {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  return (
    typeof record.model === 'string' &&
    typeof record.version === 'number' &&
    typeof record.stage === 'string' &&
    Array.isArray(record.aliases) &&
    typeof record.sha256 === 'string' &&
    typeof record.size === 'number'
  );
}
