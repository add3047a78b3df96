// npm run seed [-- --rows N] [-- --force]: seeds the demo feature catalog (flights, airport_delay_7d,
// route_delay_30d) into the backend at MLPORTAL_URL with MLPORTAL_TOKEN (default: the admin token
// that the backend wrote to its data dir). The backend must be running (npm start or npm run server).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { defaultDataDir } from './lib/paths.mjs';
import { ensureNodeDeps } from './setup/node-deps.mjs';

const DEFAULT_URL = 'http://127.0.0.1:8765';
const USAGE = 'usage: npm run seed [-- --rows N] [-- --force]';

function options() {
  let parsed;
  try {
    parsed = parseArgs({ options: { rows: { type: 'string' }, force: { type: 'boolean' }, help: { type: 'boolean' } } }).values;
  } catch (err) {
    throw new Error(`${err.message}\n${USAGE}`, { cause: err });
  }
  if (parsed.help) {
    console.log(
      `${USAGE}\n  --rows N   only the first N of the 3,000,000 flights\n  --force    recompute the windowed groups and the online store even when the demo is there`
    );
    process.exit(0);
  }
  let rows;
  if (parsed.rows !== undefined) {
    rows = Number(parsed.rows);
    if (!/^\d+$/.test(parsed.rows) || rows < 1 || rows > 3_000_000)
      throw new Error(`--rows must be a whole number from 1 to 3000000; got ${parsed.rows}`);
  }
  return { rows, force: parsed.force === true };
}

function token(env) {
  if (env.MLPORTAL_TOKEN?.trim()) return env.MLPORTAL_TOKEN.trim();
  const file = path.join(defaultDataDir(env), 'admin-token');
  if (!existsSync(file)) {
    throw new Error(
      `MLPORTAL_TOKEN is not set and ${file} does not exist: set MLPORTAL_TOKEN to a data-engineer or admin token, or MLPORTAL_DATA_DIR to the backend's data dir`
    );
  }
  return readFileSync(file, 'utf8').trim();
}

try {
  const { rows, force } = options();
  const url = process.env.MLPORTAL_URL?.trim() || DEFAULT_URL;
  const apiToken = token(process.env);
  await ensureNodeDeps();
  const { buildSdk, loadSdk } = await import('./seed/sdk.mjs');
  await buildSdk();
  const { Client, featuresOf } = loadSdk();
  const client = new Client({
    url,
    token: apiToken,
    advice: { unreachable: 'Start it with `npm start` (or `npm run server`), or set MLPORTAL_URL.' }
  });
  const { seedDemo } = await import('./seed/demo.mjs');
  console.log(`mlportal seed: seeding the demo feature catalog into ${url}`);
  await seedDemo(featuresOf(client), { rows, force });
} catch (err) {
  console.error(`mlportal seed: ${err.message}`);
  process.exit(1);
}
