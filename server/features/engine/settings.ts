/** DuckDB instance settings shared by the engine and its transform sandboxes. */
import os from 'node:os';
import { BadRequestError } from '../../platform/errors';

export interface EngineOptions {
  /** DuckDB worker threads; default: the CPU count, at most 4. */
  threads?: number;
  /** DuckDB memory limit (e.g. "2GB"); beyond it, DuckDB spills to `tempDir`. Default "2GB". */
  memoryLimit?: string;
  /** Where the spill folder is made (one per engine, removed on close); default the OS temp folder. */
  tempDir?: string;
  /**
   * When given, DuckDB may read and write files only under these folders (enable_external_access=false
   * with allowed_directories). Every file the engine is handed must then lie under one of them.
   */
  allowedDirectories?: string[];
}

export interface InstanceSettings {
  threads: number;
  memoryLimit: string;
  spillDir: string;
}

const MEMORY_LIMIT = /^\d+(\.\d+)?\s*(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB)$/i;

export function resolveThreads(threads: number | undefined): number {
  if (threads === undefined) return Math.max(1, Math.min(4, os.availableParallelism()));
  if (!Number.isInteger(threads) || threads < 1 || threads > 256)
    throw new BadRequestError(`threads must be an integer from 1 to 256, not ${threads}`);
  return threads;
}

export function resolveMemoryLimit(limit: string | undefined): string {
  if (limit === undefined) return '2GB';
  if (!MEMORY_LIMIT.test(limit)) throw new BadRequestError(`memoryLimit ${JSON.stringify(limit)} is not a size such as "512MB" or "2GB"`);
  return limit.replace(/\s+/g, '');
}

/**
 * Options every instance starts with: no extension is installed or loaded behind our back (so no
 * httpfs, no network), community and unsigned extensions are refused, spills go to our folder.
 */
export function instanceConfig(settings: InstanceSettings): Record<string, string> {
  return {
    threads: String(settings.threads),
    memory_limit: settings.memoryLimit,
    temp_directory: settings.spillDir,
    autoinstall_known_extensions: 'false',
    autoload_known_extensions: 'false',
    allow_community_extensions: 'false',
    allow_unsigned_extensions: 'false'
  };
}
