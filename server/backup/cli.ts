/**
 * The backup and restore commands (scripts/backup.mjs and scripts/restore.mjs run the compiled
 * form): `backup <target dir>` and `restore <backup dir>`, with the data directory and store taken
 * from the same MLPORTAL_* settings as the backend's.
 */
import { ConfigError, loadConfig } from '../config';
import { createBackup } from './backup';
import { BackupError } from './manifest';
import { restoreBackup } from './restore';
import { DataDirInUseError } from '../platform/data-dir/lock';

const USAGE = 'usage: npm run backup -- <target dir>   |   npm run restore -- <backup dir>';

export async function runCli(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const [command, dir, ...rest] = argv;
  if ((command !== 'backup' && command !== 'restore') || !dir || rest.length > 0) {
    console.error(USAGE);
    return 2;
  }
  try {
    const config = loadConfig(env);
    if (command === 'backup') {
      const report = await createBackup(config, dir);
      console.log(
        `mlportal backup: ${report.files} files (${report.bytes} bytes, ${report.store} store) from ${config.dataDir} in ${report.target}`
      );
      for (const skipped of report.skipped) console.log(`mlportal backup: not copied (a link or special file): ${skipped}`);
    } else {
      const report = await restoreBackup(config, dir);
      console.log(
        `mlportal restore: ${report.files} files and the ${report.store} store restored into ${report.dataDir}; start the backend on it`
      );
    }
    return 0;
  } catch (err) {
    if (!(err instanceof BackupError || err instanceof ConfigError || err instanceof DataDirInUseError)) throw err;
    console.error(`mlportal ${command}: ${err.message}`);
    return 1;
  }
}

if (require.main === module) {
  runCli(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: unknown) => {
      console.error(`mlportal: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      process.exit(1);
    }
  );
}
