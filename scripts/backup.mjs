// npm run backup -- <target dir>: the data directory and the store (as MLPORTAL_* name them) into a
// new folder with a manifest; safe while the backend runs. See server/backup/backup.ts.
import path from 'node:path';
import { runServerCommand } from './lib/server-command.mjs';

// npm runs scripts from the checkout: a relative folder means one relative to where the user typed it.
const where = process.env.INIT_CWD ?? process.cwd();
await runServerCommand('backup/cli.js', [
  'backup',
  ...process.argv.slice(2).map((arg) => (arg.startsWith('-') ? arg : path.resolve(where, arg)))
]);
