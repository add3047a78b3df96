/**
 * GET /metrics scraped and parsed by the real Prometheus client library (prometheus_client's
 * text_string_to_metric_families): the request counters and duration histograms equal the
 * requests this test sent, jobs by state and the queues' gauges equal the jobs it submitted.
 */
import path from 'node:path';
import { matMulModel } from '../../registry/testing/onnx-models';
import { deploy, predict } from '../../serving/deployments/testing/helpers';
import { call, expectStatus, tokenWith } from '../../testing/features';
import { nodeJob, releaseJob, submitJob, WAIT_FOR_RELEASE, waitForEnd, waitForJob, writeFakeNvidiaSmi } from '../../testing/jobs';
import { registerVersion } from '../../testing/registry';
import { makeTempDir, type TempDir } from '../../testing/temp-dir';
import { testClientsPython } from '../../testing/test-clients';
import { startTestServer, type TestServer } from '../../testing/test-server';
import { UNMATCHED_ROUTE } from './http-metrics';
import { samples, scrapeMetrics, value } from './testing/scrape';

let server: TestServer;
let bin: TempDir;
const originalPath = process.env.PATH;

beforeAll(async () => {
  testClientsPython();
  bin = makeTempDir('metrics-nvidia-smi');
  writeFakeNvidiaSmi(bin.path, 2);
  // The local executor asks the nvidia-smi on this jest worker's PATH.
  process.env.PATH = `${bin.path}${path.delimiter}${originalPath}`;
  const queues = [
    { name: 'default', executor: 'local' },
    { name: 'train', executor: 'local', maxConcurrent: 1 }
  ];
  server = await startTestServer({ env: { MLPORTAL_JOB_QUEUES: JSON.stringify(queues) } });
});

afterAll(async () => {
  await server?.stop();
  process.env.PATH = originalPath;
  bin?.remove();
});

describe('GET /metrics', () => {
  it('needs a token with monitoring:read, which a business token has', async () => {
    const anonymous = await server.request('/metrics', { token: null });
    expect(anonymous.status).toBe(401);
    const business = await server.request('/metrics', { token: await tokenWith(server, 'business') });
    expect(business.status).toBe(200);
    expect(business.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(await business.text()).toContain('# TYPE mlportal_http_requests_total counter');
  });

  it('counts the requests sent, by method, route pattern and status, with their duration histograms', async () => {
    const entities = '/api/v1/features/entities';
    for (let i = 0; i < 4; i++) expect((await call(server, 'GET', entities)).status).toBe(200);
    for (let i = 0; i < 3; i++) expect((await call(server, 'GET', `${entities}/no_such_entity_${i}`)).status).toBe(404);
    for (let i = 0; i < 2; i++) expect((await call(server, 'POST', entities, {})).status).toBe(400);
    expect((await call(server, 'GET', '/api/v1/no/such/endpoint')).status).toBe(404);

    const scrape = await scrapeMetrics(server.url, await tokenWith(server, 'business'));
    expect(scrape.contentType).toBe('text/plain; version=0.0.4; charset=utf-8');
    const family = scrape.families.find((f) => f.name === 'mlportal_http_requests');
    expect(family?.type).toBe('counter');
    const sent = [
      { method: 'GET', route: entities, status: '200', count: 4 },
      { method: 'GET', route: `${entities}/:name`, status: '404', count: 3 },
      { method: 'POST', route: entities, status: '400', count: 2 },
      { method: 'GET', route: UNMATCHED_ROUTE, status: '404', count: 1 }
    ];
    for (const { count, ...labels } of sent) {
      expect(value(scrape, 'mlportal_http_requests_total', labels)).toBe(count);
      expect(value(scrape, 'mlportal_http_request_duration_seconds_count', labels)).toBe(count);
      expect(value(scrape, 'mlportal_http_request_duration_seconds_sum', labels)).toBeGreaterThan(0);
      const buckets = samples(scrape, 'mlportal_http_request_duration_seconds_bucket', labels);
      expect(buckets.length).toBeGreaterThan(2);
      const counts = buckets.map((b) => b.value ?? NaN);
      expect(counts).toEqual([...counts].sort((a, b) => a - b));
      expect(value(scrape, 'mlportal_http_request_duration_seconds_bucket', { ...labels, le: '+Inf' })).toBe(count);
    }
    // The raw paths never become labels.
    expect(samples(scrape, 'mlportal_http_requests_total').filter((s) => /no_such/.test(s.labels.route))).toEqual([]);
    // Process metrics, prefixed.
    expect(value(scrape, 'mlportal_process_start_time_seconds')).toBeGreaterThan(0);
    expect(samples(scrape, 'mlportal_nodejs_heap_size_used_bytes')).toHaveLength(1);
  });

  it('reports jobs by state, and each queue’s waiting jobs and GPUs in use, as they are', async () => {
    const succeeded = await Promise.all([0, 1].map((i) => submitJob(server, { name: `ok-${i}`, command: nodeJob('process.exit(0)') })));
    const failed = await submitJob(server, { name: 'broken', command: nodeJob('process.exit(3)') });
    for (const job of [...succeeded, failed]) await waitForEnd(server, job.id);

    const holdUntilReleased = nodeJob(`(async () => { ${WAIT_FOR_RELEASE} })();`);
    const running = await submitJob(server, {
      name: 'holds-a-gpu',
      queue: 'train',
      command: holdUntilReleased,
      resources: { gpus: 1, cpu: 0.5 }
    });
    await waitForJob(server, running.id, (job) => job.state === 'running', 'running');
    const waiting = await submitJob(server, { name: 'waits', queue: 'train', command: nodeJob('process.exit(0)') });

    const scrape = await scrapeMetrics(server.url, await tokenWith(server, 'business'));
    const byState = Object.fromEntries(samples(scrape, 'mlportal_jobs').map((s) => [s.labels.state, s.value]));
    expect(byState).toEqual({ queued: 1, running: 1, succeeded: 2, failed: 1, cancelled: 0 });
    expect(value(scrape, 'mlportal_job_queue_length', { queue: 'train' })).toBe(1);
    expect(value(scrape, 'mlportal_job_queue_length', { queue: 'default' })).toBe(0);
    expect(value(scrape, 'mlportal_job_queue_gpus_in_use', { queue: 'train' })).toBe(1);
    expect(value(scrape, 'mlportal_job_queue_gpus_in_use', { queue: 'default' })).toBe(0);

    releaseJob(server, running.id);
    await waitForEnd(server, running.id);
    await waitForEnd(server, waiting.id);
  });

  it('counts inference requests and their durations per deployment, version and role', async () => {
    const champion = await registerVersion(server, 'fares', matMulModel([0.5, -1, 2]));
    const challenger = await registerVersion(server, 'fares', matMulModel([1, 1, 1]));
    const canary = { model: 'fares', version: challenger.version, percent: 20 };
    expectStatus(await deploy(server, { name: 'fares-live', model: 'fares', version: champion.version, canary }), 201);
    const sent = [
      { version: champion.version, role: 'primary', count: 3 },
      { version: challenger.version, role: 'canary', count: 2 }
    ];
    for (const { version, count } of sent) {
      for (let i = 0; i < count; i++) expectStatus(await predict(server, 'fares-live', { instances: [[1, 2, 3]], version }), 200);
    }

    const scrape = await scrapeMetrics(server.url, await tokenWith(server, 'business'));
    for (const { version, role, count } of sent) {
      const labels = { deployment: 'fares-live', model: 'fares', version: String(version), role };
      expect(value(scrape, 'mlportal_inference_requests_total', { ...labels, outcome: 'ok' })).toBe(count);
      expect(value(scrape, 'mlportal_inference_request_duration_seconds_count', labels)).toBe(count);
      expect(value(scrape, 'mlportal_inference_request_duration_seconds_bucket', { ...labels, le: '+Inf' })).toBe(count);
      expect(value(scrape, 'mlportal_inference_request_duration_seconds_sum', labels)).toBeGreaterThan(0);
    }
  });
});
