/** Types of results.cjs (plain JavaScript, so that the test script runs it without a build). */
export interface NotRun {
  name: string;
  /** pending, todo, skip, fixme, interrupted, not run, … */
  why: string;
}
export interface RunnerCount {
  passed: number;
  failed: number;
  notRun: NotRun[];
  notes: string[];
}
export interface SuiteResult {
  passed: number;
  failed: number;
  skipped: number;
  note?: string;
  notRun?: NotRun[];
}
export interface Exit {
  code: number | null;
  signal?: string | null;
  /** The runner could not be started at all. */
  error?: string;
}
export interface DeclaredSkip {
  suite: string;
  test: string;
  reason: string;
}
/** The report is the runner's JSON, unknown until counted. */
export function runFresh(resultsFile: string, start: () => Promise<Exit>): Promise<{ exit: Exit; report: unknown }>;
export function readResults(file: string): unknown;
export function countJest(report: unknown, root: string): RunnerCount;
export function countPlaywright(report: unknown): RunnerCount;
export function withExit(runner: string, exit: Exit, count: RunnerCount | undefined): RunnerCount;
export function withFocused(count: RunnerCount, focused: string[]): RunnerCount;
export function toSuite(count: RunnerCount): SuiteResult;
export function judge(suite: string, result: SuiteResult, declaredSkips: DeclaredSkip[]): { result: SuiteResult; lines: string[] };
export function loadDeclaredSkips(file: string): DeclaredSkip[];
