/**
 * @kubernetes/client-node is published as ES modules only. The server is CommonJS; Node ≥ 20.19 require()s an ES module
 * graph natively, so a plain require loads it at run time. TypeScript's node16 mode still flags a CommonJS file that imports
 * an ES module's types (TS1479/TS1542), although it resolves them: the one suppression below is on purpose.
 */
// eslint-disable-next-line @typescript-eslint/ban-ts-comment -- not @ts-expect-error: tsconfig.check.json (node resolution) sees no error here
// @ts-ignore -- types only; the module itself is loaded by loadClientNode
import type * as ClientNodeModule from '@kubernetes/client-node';

export type ClientNode = typeof ClientNodeModule;
export type KubeConfig = ClientNodeModule.KubeConfig;
export type V1Job = ClientNodeModule.V1Job;
export type V1Pod = ClientNodeModule.V1Pod;
export type V1JobCondition = ClientNodeModule.V1JobCondition;
export type V1PodFailurePolicyRule = ClientNodeModule.V1PodFailurePolicyRule;
export type V1Container = ClientNodeModule.V1Container;

let loaded: ClientNode | undefined;

/** The client library, loaded on first use so that a backend without Kubernetes never pays for it. */
export function loadClientNode(): ClientNode {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  loaded ??= require('@kubernetes/client-node') as ClientNode;
  return loaded;
}
