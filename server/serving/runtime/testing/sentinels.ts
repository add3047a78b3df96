/** First input values that make testing/misbehaving-worker.ts kill its thread (exactly representable in float32). */
export const EXIT_SENTINEL = 999001;
export const THROW_SENTINEL = 999002;
