/**
 * The entry point of a batch-scoring job (see score.ts): `node score-cli.js --model M --version N --format parquet|csv
 * (--training-set ID | --input ID) [--batch-size ROWS]`, with MLPORTAL_URL, MLPORTAL_TOKEN and MLPORTAL_OUTPUT_DIR set
 * by the job's executor. Exits 1 with the reason on its last line when it cannot score.
 */
import { parseScoringArgs, score, scoringEnv } from './score';

async function main(): Promise<void> {
  try {
    const args = parseScoringArgs(process.argv.slice(2));
    await score(args, scoringEnv(process.env), (line) => console.log(line));
  } catch (err) {
    console.error(`batch scoring failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 1;
  }
}

void main();
