/**
 * One DuckDB instance per backend process (in-memory database). Each operation takes its own
 * connection, so operations run concurrently and temporary tables never meet. The configuration
 * is locked after start-up: nothing run later can switch extensions, file access or limits back on.
 */
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance, LIST, VARCHAR, listValue, type DuckDBConnection } from '@duckdb/node-api';
import { BadRequestError } from '../../platform/errors';
import { withSandbox, type SandboxSpec } from './sandbox';
import { instanceConfig, resolveMemoryLimit, resolveThreads, type EngineOptions, type InstanceSettings } from './settings';

export type { EngineOptions } from './settings';

export class Engine {
  private closed = false;
  private readonly connections = new Set<DuckDBConnection>();

  private constructor(
    private readonly instance: DuckDBInstance,
    readonly settings: InstanceSettings
  ) {}

  static async open(options: EngineOptions = {}): Promise<Engine> {
    const base = path.resolve(options.tempDir ?? os.tmpdir());
    mkdirSync(base, { recursive: true });
    const spillDir = mkdtempSync(path.join(base, 'mlportal-duckdb-'));
    const settings: InstanceSettings = {
      threads: resolveThreads(options.threads),
      memoryLimit: resolveMemoryLimit(options.memoryLimit),
      spillDir
    };
    let instance: DuckDBInstance | undefined;
    try {
      instance = await DuckDBInstance.create(':memory:', instanceConfig(settings));
      const setup = await instance.connect();
      try {
        await lockDown(setup, options.allowedDirectories);
      } finally {
        setup.closeSync();
      }
      return new Engine(instance, settings);
    } catch (err) {
      instance?.closeSync();
      rmSync(spillDir, { recursive: true, force: true });
      throw err;
    }
  }

  /** Runs `work` on a fresh connection, closed afterwards whatever happens. */
  async withConnection<T>(work: (connection: DuckDBConnection) => Promise<T>): Promise<T> {
    const lease = await this.lease();
    try {
      return await work(lease.connection);
    } finally {
      lease.release();
    }
  }

  /** A fresh connection for work that outlives one call (streams); release it when done. */
  async lease(): Promise<{ connection: DuckDBConnection; release(): void }> {
    if (this.closed) throw new Error('the DuckDB engine is closed');
    const connection = await this.instance.connect();
    this.connections.add(connection);
    return {
      connection,
      release: () => {
        if (!this.connections.delete(connection)) return;
        connection.closeSync();
      }
    };
  }

  /** Runs `work` in a throw-away instance that reaches only the files in `spec` (for user SQL; see sandbox.ts). */
  async withSandbox<T>(spec: SandboxSpec, work: (connection: DuckDBConnection) => Promise<T>): Promise<T> {
    if (this.closed) throw new Error('the DuckDB engine is closed');
    return withSandbox(this.settings, spec, work);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const connection of this.connections) connection.closeSync();
    this.connections.clear();
    this.instance.closeSync();
    rmSync(this.settings.spillDir, { recursive: true, force: true });
  }
}

/** One DuckDB instance per backend process; see EngineOptions for the knobs. */
export function openEngine(options?: EngineOptions): Promise<Engine> {
  return Engine.open(options);
}

async function lockDown(connection: DuckDBConnection, allowedDirectories: string[] | undefined): Promise<void> {
  // Timestamps are UTC wall time everywhere; a server started in another zone must not shift them.
  await connection.run("SET GLOBAL TimeZone = 'UTC'");
  if (allowedDirectories !== undefined) {
    if (!Array.isArray(allowedDirectories) || allowedDirectories.length === 0) {
      throw new BadRequestError('allowedDirectories: name at least one folder, or leave it out');
    }
    // A trailing separator keeps "/data" from also allowing "/database".
    const folders = allowedDirectories.map((dir) => path.resolve(dir) + path.sep);
    await connection.run('SET allowed_directories = $1', [listValue(folders)], [LIST(VARCHAR)]);
    await connection.run('SET enable_external_access = false');
  }
  await connection.run('SET lock_configuration = true');
}
