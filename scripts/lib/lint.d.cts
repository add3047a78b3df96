/** Types of lint.cjs (plain JavaScript, so that the test script runs it without a build). */
import type { RunnerCount } from './results.cjs';

export function countEslint(report: unknown, root: string): { count: RunnerCount; lines: string[] };
export function countPrettier(stdout: string | undefined): { count: RunnerCount; files: string[] };
export function oneResult(count: RunnerCount): RunnerCount;
export function combine(...counts: RunnerCount[]): RunnerCount;
