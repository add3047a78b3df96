/** The API-server double refuses what a real API server refuses, and speaks watches the way it does. */
import http from 'node:http';
import { KubeApiDouble } from './kube-api-double';

let double: KubeApiDouble;

beforeEach(async () => {
  double = await KubeApiDouble.start();
});

afterEach(async () => {
  await double.stop();
});

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Record<string, unknown>;
}

function request(method: string, path: string, body?: unknown): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      `${double.url}${path}`,
      { method, headers: { Authorization: `Bearer ${double.token}`, 'Content-Type': 'application/json' } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: JSON.parse(text) as Record<string, unknown> })
        );
      }
    );
    req.on('error', reject);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

function validJob(name = 'train-1'): Record<string, any> {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name, labels: { 'app.kubernetes.io/managed-by': 'mlportal' } },
    spec: {
      backoffLimit: 1,
      activeDeadlineSeconds: 600,
      podFailurePolicy: { rules: [{ action: 'FailJob', onExitCodes: { containerName: 'main', operator: 'NotIn', values: [0] } }] },
      template: {
        spec: {
          restartPolicy: 'Never',
          containers: [
            {
              name: 'main',
              image: 'busybox:1.36',
              resources: { limits: { 'nvidia.com/gpu': '1', memory: '1Gi' }, requests: { memory: '512Mi' } }
            }
          ]
        }
      }
    }
  };
}

const jobsPath = '/apis/batch/v1/namespaces/mlportal/jobs';

function causesOf(reply: Reply): { field: string; message: string; reason: string }[] {
  return ((reply.body.details as { causes?: [] } | undefined)?.causes ?? []) as { field: string; message: string; reason: string }[];
}

test('a valid Job is stored with the defaults, selector and pod labels the API server adds, and gets a Pending pod', async () => {
  const reply = await request('POST', jobsPath, validJob());
  expect(reply.status).toBe(201);
  const metadata = reply.body.metadata as Record<string, string>;
  expect(metadata).toMatchObject({ name: 'train-1', namespace: 'mlportal' });
  expect(metadata.uid).toBeTruthy();
  expect(metadata.resourceVersion).toBeTruthy();
  const spec = reply.body.spec as Record<string, any>;
  expect(spec.completions).toBe(1);
  expect(spec.template.metadata.labels['batch.kubernetes.io/job-name']).toBe('train-1');
  const pods = double.pods('train-1');
  expect(pods).toHaveLength(1);
  expect((pods[0].status as { phase: string }).phase).toBe('Pending');
});

test('a name that is not a DNS-1123 subdomain is refused with 422 Invalid and a cause naming metadata.name', async () => {
  const reply = await request('POST', jobsPath, validJob('Train_1'));
  expect(reply.status).toBe(422);
  expect(reply.body).toMatchObject({ kind: 'Status', status: 'Failure', reason: 'Invalid', code: 422 });
  expect(causesOf(reply)).toEqual([expect.objectContaining({ field: 'metadata.name', reason: 'FieldValueInvalid' })]);
  expect(double.jobs()).toEqual([]);
});

test('a negative activeDeadlineSeconds, a GPU request without a limit and an Always restart policy are each named', async () => {
  const job = validJob();
  job.spec.activeDeadlineSeconds = -5;
  job.spec.template.spec.restartPolicy = 'Always';
  job.spec.template.spec.containers[0].resources = { requests: { 'nvidia.com/gpu': '1', cpu: '2' }, limits: { cpu: '1' } };
  const reply = await request('POST', jobsPath, job);
  expect(reply.status).toBe(422);
  const fields = causesOf(reply).map((c) => c.field);
  expect(fields).toEqual(
    expect.arrayContaining([
      'spec.activeDeadlineSeconds',
      'spec.template.spec.restartPolicy',
      'spec.template.spec.containers[0].resources.limits[nvidia.com/gpu]',
      'spec.template.spec.containers[0].resources.requests[cpu]'
    ])
  );
});

test('the schema check refuses wrong types, unsupported enum values and malformed quantities', async () => {
  const job = validJob();
  job.spec.backoffLimit = 'three';
  job.spec.template.spec.containers[0].imagePullPolicy = 'Sometimes';
  job.spec.template.spec.containers[0].resources.limits.memory = 'lots';
  const reply = await request('POST', jobsPath, job);
  expect(reply.status).toBe(422);
  const fields = causesOf(reply).map((c) => c.field);
  expect(fields).toEqual(
    expect.arrayContaining([
      'spec.backoffLimit',
      'spec.template.spec.containers[0].imagePullPolicy',
      'spec.template.spec.containers[0].resources.limits.memory'
    ])
  );
});

test('podFailurePolicy rules are checked: In with 0, unordered values, an unknown container, both requirement kinds', async () => {
  const job = validJob();
  job.spec.podFailurePolicy.rules = [
    { action: 'FailJob', onExitCodes: { operator: 'In', values: [0, 3] } },
    { action: 'FailJob', onExitCodes: { containerName: 'other', operator: 'NotIn', values: [2, 1] } },
    { action: 'Ignore', onExitCodes: { operator: 'In', values: [1] }, onPodConditions: [{ type: 'DisruptionTarget' }] }
  ];
  const reply = await request('POST', jobsPath, job);
  expect(reply.status).toBe(422);
  expect(causesOf(reply).map((c) => c.field)).toEqual(
    expect.arrayContaining([
      'spec.podFailurePolicy.rules[0].onExitCodes.values[0]',
      'spec.podFailurePolicy.rules[1].onExitCodes.values[1]',
      'spec.podFailurePolicy.rules[1].onExitCodes.containerName',
      'spec.podFailurePolicy.rules[2]'
    ])
  );
});

test('unknown fields are refused with fieldValidation=Strict and only warned about otherwise', async () => {
  const job = validJob();
  job.spec.template.spec.containers[0].gpuCount = 1;
  const strict = await request('POST', `${jobsPath}?fieldValidation=Strict`, job);
  expect(strict.status).toBe(400);
  expect(strict.body.message).toContain('unknown field "spec.template.spec.containers[0].gpuCount"');
  const warned = await request('POST', jobsPath, job);
  expect(warned.status).toBe(201);
  expect(warned.headers.warning).toContain('gpuCount');
});

test('a duplicate name answers 409 and a missing namespace 404; a wrong token 401', async () => {
  expect((await request('POST', jobsPath, validJob())).status).toBe(201);
  expect((await request('POST', jobsPath, validJob())).body).toMatchObject({ reason: 'AlreadyExists', code: 409 });
  expect((await request('POST', '/apis/batch/v1/namespaces/nowhere/jobs', validJob())).status).toBe(404);
  const unauthorized = await new Promise<number>((resolve) =>
    http.get(`${double.url}${jobsPath}`, (res) => resolve(res.statusCode ?? 0)).end()
  );
  expect(unauthorized).toBe(401);
});

test('a watch from a compacted resourceVersion gets a 410 Expired event; from a recent one it replays what followed', async () => {
  const created = await request('POST', jobsPath, validJob());
  const version = (created.body.metadata as { resourceVersion: string }).resourceVersion;
  const replay = await readWatch(`${jobsPath}?watch=true&resourceVersion=${version}`, 1);
  expect(replay[0]).toMatchObject({ type: 'MODIFIED' });
  double.compact();
  const expired = await readWatch(`${jobsPath}?watch=true&resourceVersion=${version}`, 1);
  expect(expired[0]).toMatchObject({ type: 'ERROR', object: { kind: 'Status', code: 410, reason: 'Expired' } });
});

function readWatch(path: string, events: number): Promise<Record<string, unknown>[]> {
  return new Promise((resolve, reject) => {
    const req = http.get(`${double.url}${path}`, { headers: { Authorization: `Bearer ${double.token}` } }, (res) => {
      const lines: Record<string, unknown>[] = [];
      let buffer = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        let newline: number;
        while ((newline = buffer.indexOf('\n')) >= 0) {
          lines.push(JSON.parse(buffer.slice(0, newline)) as Record<string, unknown>);
          buffer = buffer.slice(newline + 1);
        }
        if (lines.length >= events) {
          req.destroy();
          resolve(lines);
        }
      });
    });
    req.on('error', (err) => (err.message.includes('socket hang up') ? undefined : reject(err)));
  });
}
