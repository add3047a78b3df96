/**
 * The drift benchmark's yardstick: each numeric statistic over the raw values, by SciPy (the test
 * clients' environment, through the drift tests' scipy_reference.py) when it is installed, else by
 * mlportal's own sample functions (ks2samp's statistic, wasserstein_distance, PSI over the
 * reference's deciles), which scipy.test.ts holds to SciPy within 1e-9. Not timed.
 */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sortedNumbers } from '../../server/monitoring/drift/sketches/sort-numbers';
import { binCounts, decileEdges, populationStabilityIndex } from '../../server/monitoring/drift/statistics/psi';
import { weightedCdfArea, weightedCdfGap } from '../../server/monitoring/drift/statistics/weighted';
import { runTestClientScript, testClientsPython } from '../../server/testing/test-clients';

export interface ExactNumeric {
  ks: number;
  wasserstein: number;
  std: number;
  psi: number;
}

export interface ExactAnswers {
  source: string;
  features: Record<string, ExactNumeric>;
}

const SCRIPT = path.resolve(__dirname, '..', '..', 'server', 'monitoring', 'drift', 'testing', 'scipy_reference.py');

/** Exact KS, W₁, std (ddof 0) and PSI of each numeric feature (columns with NaN for null). */
export async function exactStatistics(columns: Record<string, { reference: Float64Array; current: Float64Array }>): Promise<ExactAnswers> {
  try {
    testClientsPython();
  } catch {
    return { source: 'mlportal sample functions (SciPy not installed)', features: ownStatistics(columns) };
  }
  return { source: 'SciPy', features: await scipyStatistics(columns) };
}

function ownStatistics(columns: Record<string, { reference: Float64Array; current: Float64Array }>): Record<string, ExactNumeric> {
  return Object.fromEntries(
    Object.entries(columns).map(([name, { reference, current }]) => {
      const [r, c] = [sortedNumbers(reference), sortedNumbers(current)];
      const [u, v] = [
        { values: r, weights: null },
        { values: c, weights: null }
      ];
      const mean = r.reduce((s, x) => s + x, 0) / r.length;
      const edges = decileEdges(r);
      return [
        name,
        {
          ks: weightedCdfGap(u, v),
          wasserstein: weightedCdfArea(u, v),
          std: Math.sqrt(r.reduce((s, x) => s + (x - mean) ** 2, 0) / r.length),
          psi: populationStabilityIndex(binCounts(edges, r), binCounts(edges, c))
        }
      ];
    })
  );
}

async function scipyStatistics(
  columns: Record<string, { reference: Float64Array; current: Float64Array }>
): Promise<Record<string, ExactNumeric>> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'mlportal-bench-drift-'));
  try {
    const numeric: Record<string, { reference: { f64: string }; current: { f64: string } }> = {};
    for (const [name, sides] of Object.entries(columns)) {
      numeric[name] = {
        reference: { f64: path.join(dir, `${name}-reference.f64`) },
        current: { f64: path.join(dir, `${name}-current.f64`) }
      };
      await fs.writeFile(numeric[name].reference.f64, sortedNumbers(sides.reference));
      await fs.writeFile(numeric[name].current.f64, sortedNumbers(sides.current));
    }
    await fs.writeFile(path.join(dir, 'datasets.json'), JSON.stringify({ numeric }));
    const result = await runTestClientScript(SCRIPT, [path.join(dir, 'datasets.json')]);
    if (result.code !== 0) throw new Error(`scipy_reference.py failed (${result.code}): ${result.stderr}`);
    const answers = JSON.parse(result.stdout) as {
      numeric: Record<string, { ks: { statistic: number }; wasserstein: number; referenceStd: number; psi: number }>;
    };
    return Object.fromEntries(
      Object.entries(answers.numeric).map(([name, a]) => [
        name,
        { ks: a.ks.statistic, wasserstein: a.wasserstein, std: a.referenceStd, psi: a.psi }
      ])
    );
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}
