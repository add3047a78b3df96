import type { CartNodeLike } from '../onnx/tree-ensemble';

/** The ml-cart options the trainers pass through. */
export interface CartOptions {
  /** Nodes with this many training rows or fewer become leaves (ml-cart default 3). */
  minNumSamples?: number;
  /** Maximum depth (ml-cart default: unlimited). */
  maxDepth?: number;
}

/** The part of ml-cart's DecisionTreeRegression the trainers use. */
export interface CartRegressionTree {
  root: CartNodeLike;
  train(rows: number[][], values: number[]): void;
  predict(rows: number[][]): number[];
}

// ml-cart ships no type declarations; this typed require states the API the trainers rely on
// without declaring the module globally for every project that compiles the SDK.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- typed by the cast, as said above
const cart = require('ml-cart') as { DecisionTreeRegression: new (options?: CartOptions) => CartRegressionTree };

export function regressionTree(options: CartOptions): CartRegressionTree {
  return new cart.DecisionTreeRegression({ ...options });
}
