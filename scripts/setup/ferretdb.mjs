// FerretDB 1.24 (SQLite backend): the MongoDB-wire server the MongoDB half of the store tests
// talks to. Built from source with Go into .mlportal-tools/bin/ferretdb when missing.
// `go install github.com/FerretDB/FerretDB/cmd/ferretdb@v1.24.1` is not enough: the module zip
// lacks the generated build/version/version.txt and that binary panics at start, so the module
// source is copied, the file written, and the binary built from the copy.
// Run directly (`node scripts/setup/ferretdb.mjs`) it prints the binary's path.
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { toolsDir } from '../lib/paths.mjs';
import { capture, run } from '../lib/proc.mjs';

export const FERRETDB_VERSION = 'v1.24.1';
const MODULE = 'github.com/FerretDB/FerretDB';
export const ferretdbBin = path.join(toolsDir, 'bin', 'ferretdb');

/** The FerretDB binary to use: MLPORTAL_FERRETDB_BIN, else the one built here, building it when missing. */
export async function ensureFerretdb() {
  const fromEnv = process.env.MLPORTAL_FERRETDB_BIN;
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`MLPORTAL_FERRETDB_BIN points at ${fromEnv}, which does not exist`);
    return fromEnv;
  }
  if (existsSync(ferretdbBin) && (await versionOf(ferretdbBin)) === FERRETDB_VERSION) return ferretdbBin;
  await buildFerretdb();
  return ferretdbBin;
}

async function versionOf(bin) {
  try {
    return /^version: (\S+)/m.exec(await capture(bin, ['--version']))?.[1];
  } catch {
    return undefined;
  }
}

async function buildFerretdb() {
  await requireGo();
  console.log(
    `mlportal: building FerretDB ${FERRETDB_VERSION} with Go into ${path.relative(process.cwd(), ferretdbBin) || ferretdbBin} (once; the MongoDB store tests use it)`
  );
  const download = JSON.parse(await capture('go', ['mod', 'download', '-json', `${MODULE}@${FERRETDB_VERSION}`]));
  if (download.Error || !download.Dir) {
    throw new Error(`go mod download ${MODULE}@${FERRETDB_VERSION} failed: ${download.Error ?? 'no source folder reported'}`);
  }
  const work = mkdtempSync(path.join(os.tmpdir(), 'mlportal-ferretdb-src-'));
  try {
    const src = path.join(work, 'src');
    console.log(`mlportal: copying the FerretDB source from the Go module cache to ${src}`);
    cpSync(download.Dir, src, { recursive: true });
    // The module cache is read-only; the copy must take the generated file.
    makeWritable(src);
    writeFileSync(path.join(src, 'build', 'version', 'version.txt'), `${FERRETDB_VERSION}\n`);
    mkdirSync(path.dirname(ferretdbBin), { recursive: true });
    // Built beside the target and renamed in, so an interrupted build never leaves a broken binary.
    const partial = `${ferretdbBin}.partial-${process.pid}`;
    console.log('mlportal: go build ./cmd/ferretdb (a few minutes the first time)');
    await run('go', ['build', '-o', partial, './cmd/ferretdb'], { cwd: src });
    renameSync(partial, ferretdbBin);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  const version = await versionOf(ferretdbBin);
  if (version !== FERRETDB_VERSION) throw new Error(`the FerretDB built at ${ferretdbBin} reports version ${version ?? 'nothing'}`);
  console.log(`mlportal: FerretDB ${version} is at ${ferretdbBin}`);
}

async function requireGo() {
  try {
    await capture('go', ['version']);
  } catch {
    throw new Error(
      'the MongoDB store tests need FerretDB, built from source with Go 1.21 or newer, and `go` was not found on PATH: ' +
        'install Go (https://go.dev/dl/), or set MLPORTAL_FERRETDB_BIN to a FerretDB 1.24 binary, ' +
        'or MLPORTAL_TEST_MONGO_URL to a MongoDB to test against'
    );
  }
}

/** chmod -R u+w */
function makeWritable(target) {
  chmodSync(target, statSync(target).mode | 0o200);
  if (!statSync(target).isDirectory()) return;
  for (const name of readdirSync(target)) makeWritable(path.join(target, name));
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  ensureFerretdb().then(
    (bin) => console.log(bin),
    (err) => {
      console.error(`mlportal: ${err.message}`);
      process.exit(1);
    }
  );
}
