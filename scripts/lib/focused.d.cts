/** Types of focused.cjs (plain JavaScript, so that the test script runs it without a build). */
export function testFiles(roots: string[], pattern: RegExp): string[];
export function findFocused(files: string[], root: string): string[];
