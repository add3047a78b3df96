/**
 * manifest.json, written last into a backup: what the backup holds (every file with its size and
 * SHA-256) and which store the documents came from. A backup without one is incomplete; restore
 * checks every file against it before it writes anything.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { hashFile } from './files';

export const MANIFEST_FILE = 'manifest.json';
/** Under this folder of a backup, the data directory's files (the SQLite database among them). */
export const DATA_FOLDER = 'data';

/** Relative, forward slashes, nothing that climbs out: a crafted manifest must not write outside the data dir. */
const safeRelativePath = z
  .string()
  .refine(
    (p) =>
      p !== '' && !p.startsWith('/') && !p.includes('\\') && p.split('/').every((part) => part !== '' && part !== '.' && part !== '..'),
    {
      message: 'must be a relative path inside the backup'
    }
  );

const ManifestSchema = z.object({
  format: z.literal('mlportal-backup'),
  version: z.literal(1),
  createdAt: z.string(),
  /** Where the data directory was (for the reader; restore goes wherever MLPORTAL_DATA_DIR says). */
  dataDir: z.string(),
  store: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('sqlite'), file: safeRelativePath }),
    z.object({ kind: z.literal('mongodb'), dbName: z.string(), archive: safeRelativePath })
  ]),
  files: z.array(
    z.object({
      path: safeRelativePath,
      size: z.number().int().nonnegative(),
      sha256: z.string().regex(/^[0-9a-f]{64}$/),
      mode: z.number().int()
    })
  )
});

export type Manifest = z.infer<typeof ManifestSchema>;

export class BackupError extends Error {
  override name = 'BackupError';
}

export async function writeManifest(dir: string, manifest: Manifest): Promise<void> {
  const temp = path.join(dir, `${MANIFEST_FILE}.part`);
  await fs.writeFile(temp, `${JSON.stringify(manifest, null, 2)}\n`, { mode: 0o600, flush: true });
  await fs.rename(temp, path.join(dir, MANIFEST_FILE));
}

export async function readManifest(dir: string): Promise<Manifest> {
  let text: string;
  try {
    text = await fs.readFile(path.join(dir, MANIFEST_FILE), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT')
      throw new BackupError(`${dir} is not a complete mlportal backup: it has no ${MANIFEST_FILE}`);
    throw err;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new BackupError(`${path.join(dir, MANIFEST_FILE)} is not JSON`);
  }
  const result = ManifestSchema.safeParse(parsed);
  if (!result.success) {
    const problem = result.error.issues[0];
    throw new BackupError(
      `${path.join(dir, MANIFEST_FILE)} is not an mlportal backup manifest: ${problem.path.join('.')}: ${problem.message}`
    );
  }
  return result.data;
}

/** Checks every file the manifest lists (size, then SHA-256); throws naming the first that differs. */
export async function verifyBackup(dir: string, manifest: Manifest): Promise<void> {
  for (const file of manifest.files) {
    const actual = await hashFile(path.join(dir, file.path)).catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') throw new BackupError(`the backup is damaged: ${file.path} is missing`);
      throw err;
    });
    if (actual.size !== file.size || actual.sha256 !== file.sha256) {
      throw new BackupError(
        `the backup is damaged: ${file.path} does not match its manifest entry (size ${actual.size}, expected ${file.size}; or its SHA-256 differs)`
      );
    }
  }
}
