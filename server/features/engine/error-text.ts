/**
 * The message of whatever was thrown. DuckDB's native errors come from another realm under jest
 * (and in worker threads), where `instanceof Error` is false; read the message by shape instead.
 */
export function messageOf(err: unknown): string | null {
  if (err && typeof err === 'object' && 'message' in err && typeof err.message === 'string') return err.message;
  return null;
}
