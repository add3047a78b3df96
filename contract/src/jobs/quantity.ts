/**
 * Memory sizes as Kubernetes writes them ("512Mi", "4Gi", "1G", "1500000000"), so one job spec
 * serves both executors; converted to bytes for the local executor and for bounds checks.
 */

const SUFFIXES: Record<string, number> = {
  '': 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50
};

const QUANTITY = /^([0-9]+(?:\.[0-9]+)?)(Ki|Mi|Gi|Ti|Pi|k|M|G|T|P)?$/;

/** Bytes in a memory quantity, or undefined when it is not one. */
export function memoryBytes(quantity: string): number | undefined {
  const match = QUANTITY.exec(quantity);
  if (!match) return undefined;
  return Math.ceil(Number(match[1]) * SUFFIXES[match[2] ?? '']);
}
