// npm run restore -- <backup dir>: a backup into the empty data directory (and store) that MLPORTAL_*
// name, checked against its manifest first; refused while a backend uses that directory. See server/backup/restore.ts.
import path from 'node:path';
import { runServerCommand } from './lib/server-command.mjs';

// npm runs scripts from the checkout: a relative folder means one relative to where the user typed it.
const where = process.env.INIT_CWD ?? process.cwd();
await runServerCommand('backup/cli.js', [
  'restore',
  ...process.argv.slice(2).map((arg) => (arg.startsWith('-') ? arg : path.resolve(where, arg)))
]);
