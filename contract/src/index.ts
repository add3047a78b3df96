/**
 * mlportal's HTTP contract, written once: the zod schema of every request and answer, by domain.
 * The server validates requests and checks answers with them and generates its OpenAPI document
 * from them; the SDK and the extension take their types from them (z.infer) and check answers with
 * them. Change them compatibly (new optional fields); a field added here is added everywhere.
 */
export * from './error-body';
export * from './health';
export * from './roles';
export * from './permissions';
export * from './auth';
export * from './url-syntax';
export * from './features';
export * from './tracking';
export * from './registry';
export * from './jobs/queues';
export * from './jobs/image-reference';
export * from './jobs/quantity';
export * from './jobs/schemas';
export * from './serving/deployments';
export * from './serving/predictions';
export * from './serving/batch';
export * from './serving/kubernetes';
export * from './monitoring/window';
export * from './monitoring/config';
export * from './monitoring/drift';
export * from './monitoring/skew';
export * from './monitoring/decay';
export * from './monitoring/alerts';
export * from './monitoring/dashboards';
