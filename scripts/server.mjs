// npm run server: the backend alone (settings from MLPORTAL_* in the environment; see docs/configuration.md).
// The backend replaces this process's role: signals reach it directly, its exit code is ours.
import { runServerCommand } from './lib/server-command.mjs';

await runServerCommand('main.js', process.argv.slice(2));
