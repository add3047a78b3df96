/** Rows the engine exported as JSON (exportFile writes an array of row objects). */
export function parseJsonRows(text: string): Array<Record<string, unknown>> {
  const trimmed = text.trim();
  if (trimmed === '') return [];
  if (trimmed.startsWith('[')) return JSON.parse(trimmed) as Array<Record<string, unknown>>;
  // NDJSON, should the export ever switch to it.
  return trimmed.split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
}
