/**
 * The Open Inference Protocol over real HTTP: a test server, a registered model deployed through
 * POST /api/v1/deployments, real onnxruntime in the pool's workers. Every error answers in the
 * protocol's {"error": "..."} form.
 */
import express from 'express';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { Registry } from 'prom-client';
import { requestId } from '../../api/request-id';
import { call, expectStatus, tokenWith } from '../../testing/features';
import { registerVersion } from '../../testing/registry';
import { startTestServer, type TestServer } from '../../testing/test-server';
import { matMulModel } from '../../registry/testing/onnx-models';
import { deploy } from '../deployments/testing/helpers';
import { ServingEngine } from '../engine/engine';
import { InferencePool } from '../runtime/pool';
import { EXIT_SENTINEL } from '../runtime/testing/sentinels';
import { inferenceProtocolRouter, type InferenceProtocolDependencies } from './v2-router';

const WEIGHTS = [0.5, -1, 2];
const dot = (row: number[]) => row.reduce((sum, x, i) => sum + x * WEIGHTS[i], 0);

interface Answer {
  status: number;
  body: any;
  headers: Headers;
}

async function send(
  server: { url: string },
  method: string,
  route: string,
  options: { token?: string | null; body?: string | Buffer; headers?: Record<string, string> } = {}
): Promise<Answer> {
  const headers = new Headers(options.headers);
  if (options.token) headers.set('Authorization', `Bearer ${options.token}`);
  const response = await fetch(server.url + route, {
    method,
    headers,
    body: typeof options.body === 'string' || options.body === undefined ? options.body : new Uint8Array(options.body)
  });
  const text = await response.text();
  return { status: response.status, body: text === '' ? undefined : JSON.parse(text), headers: response.headers };
}

const inferBody = (rows: number[][], extra: Record<string, unknown> = {}) =>
  JSON.stringify({ inputs: [{ name: 'X', shape: [rows.length, 3], datatype: 'FP32', data: rows.flat() }], ...extra });

describe('Open Inference Protocol (v2) over HTTP', () => {
  let server: TestServer;
  let token: string;
  const infer = (body: string | Buffer, route = '/v2/models/delays/infer', headers?: Record<string, string>) =>
    send(server, 'POST', route, { token, body, headers });

  beforeAll(async () => {
    server = await startTestServer({ env: { MLPORTAL_SERVING_WORKERS: '1', MLPORTAL_MAX_PREDICT_BYTES: '4096' } });
    token = await tokenWith(server, 'ml-engineer');
    await registerVersion(server, 'delay', matMulModel(WEIGHTS));
    await registerVersion(server, 'delay', matMulModel([1, 1, 1]));
    expectStatus(await deploy(server, { name: 'delays', model: 'delay', version: 1 }), 201);
  });

  afterAll(async () => {
    await server?.stop();
  });

  test('health is public; server metadata needs a token', async () => {
    expect(await send(server, 'GET', '/v2/health/live')).toMatchObject({ status: 200 });
    expect(await send(server, 'GET', '/v2/health/ready')).toMatchObject({ status: 200, body: { ready: true } });
    const anonymous = await send(server, 'GET', '/v2');
    expect(anonymous.status).toBe(401);
    expect(anonymous.body).toEqual({ error: expect.stringMatching(/Authorization/) });
    expect((await send(server, 'GET', '/v2', { token })).body).toEqual({
      name: 'mlportal',
      version: expect.any(String),
      extensions: ['binary_tensor_data']
    });
  });

  test('model metadata and readiness, for the deployment and one version of it', async () => {
    const metadata = await send(server, 'GET', '/v2/models/delays', { token });
    expect(metadata).toMatchObject({ status: 200 });
    expect(metadata.body).toEqual({
      name: 'delays',
      versions: ['1'],
      platform: 'onnxruntime_onnx',
      inputs: [{ name: 'X', datatype: 'FP32', shape: [-1, 3] }],
      outputs: [{ name: 'Y', datatype: 'FP32', shape: [-1, 1] }]
    });
    expect((await send(server, 'GET', '/v2/models/delays/versions/1', { token })).body).toMatchObject({ versions: ['1'] });
    expect(await send(server, 'GET', '/v2/models/delays/ready', { token })).toMatchObject({
      status: 200,
      body: { name: 'delays', ready: true }
    });
    expect(await send(server, 'GET', '/v2/models/delays/versions/1/ready', { token })).toMatchObject({ status: 200 });
  });

  test('infer answers what the model computes, with prediction ids and the version served', async () => {
    const rows = [
      [1, 2, 3],
      [0, 0, 1]
    ];
    const answer = await infer(inferBody(rows, { id: 'call-1' }));
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      model_name: 'delays',
      model_version: '1',
      id: 'call-1',
      outputs: [{ name: 'Y', datatype: 'FP32', shape: [2, 1], data: rows.map(dot) }]
    });
    expect(answer.body.parameters.prediction_ids).toHaveLength(2);

    await server.services.serving.predictions.flush();
    const logged = expectStatus(await call(server, 'GET', `/api/v1/predictions/${answer.body.parameters.prediction_ids[1]}`), 200);
    expect(logged).toMatchObject({ deployment: 'delays', version: 1, inputs: { X: [0, 0, 1] }, prediction: dot([0, 0, 1]) });

    const addressed = await infer(inferBody([[1, 1, 1]]), '/v2/models/delays/versions/1/infer');
    expect(addressed.body.outputs[0].data).toEqual([dot([1, 1, 1])]);
  });

  test('binary tensors in and out (the binary tensor data extension)', async () => {
    const header = Buffer.from(
      JSON.stringify({
        inputs: [{ name: 'X', shape: [1, 3], datatype: 'FP32', parameters: { binary_data_size: 12 } }],
        outputs: [{ name: 'Y', parameters: { binary_data: true } }]
      })
    );
    const body = Buffer.concat([header, Buffer.from(new Float32Array([2, 1, 0.5]).buffer)]);
    const response = await fetch(`${server.url}/v2/models/delays/infer`, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${token}`,
        'Inference-Header-Content-Length': String(header.length),
        'Content-Type': 'application/octet-stream'
      },
      body: new Uint8Array(body)
    });
    expect(response.status).toBe(200);
    const bytes = Buffer.from(await response.arrayBuffer());
    const length = Number(response.headers.get('Inference-Header-Content-Length'));
    const answer = JSON.parse(bytes.subarray(0, length).toString());
    expect(answer.outputs).toEqual([{ name: 'Y', datatype: 'FP32', shape: [1, 1], parameters: { binary_data_size: 4 } }]);
    expect(new Float32Array(new Uint8Array(bytes.subarray(length)).buffer)[0]).toBe(dot([2, 1, 0.5]));
  });

  test.each([
    [
      'a wrong shape',
      400,
      /input "X": dimension 1 is 2, the model expects 3/,
      inferBody([[1, 2]]).replace('"shape":[1,3]', '"shape":[1,2]')
    ],
    ['a wrong datatype', 400, /input "X": datatype FP64 given, the model expects FP32/, inferBody([[1, 2, 3]]).replace('FP32', 'FP64')],
    [
      'a missing input',
      400,
      /unknown input "Z"; the model's inputs are "X"/,
      JSON.stringify({ inputs: [{ name: 'Z', shape: [1], datatype: 'FP32', data: [1] }] })
    ],
    [
      'NaN in a float input',
      400,
      /input "X": element 1 is NaN; the model accepts finite numbers only/,
      '{"inputs": [{"name": "X", "shape": [1, 3], "datatype": "FP32", "data": [1, NaN, 3]}]}'
    ],
    [
      'an unknown output',
      400,
      /unknown output "nope"; the model's outputs are "Y"/,
      inferBody([[1, 2, 3]], { outputs: [{ name: 'nope' }] })
    ],
    ['a body that is not JSON', 400, /not valid JSON/, '{"inputs": ['],
    [
      'an oversized body',
      413,
      /larger than the limit of 4096 bytes \(MLPORTAL_MAX_PREDICT_BYTES\)/,
      inferBody(Array.from({ length: 400 }, () => [1.25, 2.5, 3.75]))
    ]
  ])('%s → %s in the protocol’s error form', async (_what, status, message, body) => {
    const answer = await infer(body);
    expect(answer.status).toBe(status);
    expect(answer.body).toEqual({ error: expect.stringMatching(message) });
  });

  test('unknown models and versions → 404 naming them', async () => {
    for (const route of [
      '/v2/models/nothing',
      '/v2/models/nothing/ready',
      '/v2/models/delays/versions/9',
      '/v2/models/delays/versions/latest/ready'
    ]) {
      const answer = await send(server, 'GET', route, { token });
      expect(answer.status).toBe(404);
    }
    expect((await infer(inferBody([[1, 2, 3]]), '/v2/models/nothing/infer')).body).toEqual({
      error: 'no deployment named "nothing" is being served'
    });
    expect((await infer(inferBody([[1, 2, 3]]), '/v2/models/delays/versions/2/infer')).body).toEqual({
      error: 'deployment "delays" has no version 2; it serves version 1'
    });
    expect((await send(server, 'GET', '/v2/nothing/here', { token })).status).toBe(404);
  });

  test('predictions:send is needed: business users are refused', async () => {
    const business = await tokenWith(server, 'business');
    const answer = await send(server, 'POST', '/v2/models/delays/infer', { token: business, body: inferBody([[1, 2, 3]]) });
    expect(answer.status).toBe(403);
    expect(answer.body.error).toMatch(/predictions:send/);
  });

  test("KServe v1's predict path takes the JSON form", async () => {
    const answer = await send(server, 'POST', '/v1/models/delays:predict', {
      token,
      body: JSON.stringify({ instances: [[1, 2, 3]] }),
      headers: { 'Content-Type': 'application/json' }
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ predictions: [dot([1, 2, 3])], model: 'delay', version: 1 });
    expect(answer.body.predictionIds).toHaveLength(1);
    const unknown = await send(server, 'POST', '/v1/models/nothing:predict', { token, body: JSON.stringify({ instances: [[1, 2, 3]] }) });
    expect(unknown).toMatchObject({ status: 404, body: { error: expect.stringMatching(/nothing/) } });
    const invalid = await send(server, 'POST', '/v1/models/delays:predict', { token, body: JSON.stringify({ instances: [[1, 2]] }) });
    expect(invalid).toMatchObject({ status: 400, body: { error: expect.any(String) } });
  });
});

describe('Open Inference Protocol: a worker that crashes', () => {
  let server: TestServer;
  let engine: ServingEngine;
  let app: Server;
  let url: string;

  beforeAll(async () => {
    server = await startTestServer({ env: { MLPORTAL_SERVING_WORKERS: '1' } });
    // An engine whose pool runs the worker wrapper that exits on a sentinel value, behind the real router.
    engine = new ServingEngine({
      pool: () =>
        InferencePool.start({
          workers: 1,
          intraOpThreads: 1,
          workerScript: path.join(__dirname, '..', 'runtime', 'testing', 'misbehaving-worker.ts')
        }),
      modelBytes: async () => matMulModel(WEIGHTS),
      metrics: new Registry(),
      onServed: () => undefined
    });
    await engine.apply({
      name: 'fragile',
      traffic: [{ model: 'delay', version: 1, percent: 100 }],
      shadow: null,
      batching: { maxBatchSize: 8, maxQueueDelayMs: 2 }
    });
    const services = { ...server.services, serving: { engine } } as unknown as InferenceProtocolDependencies;
    const handler = express();
    handler.use(requestId(server.logger));
    handler.use(inferenceProtocolRouter(services));
    app = createServer(handler);
    await new Promise<void>((resolve) => app.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(app.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise((resolve) => app?.close(resolve));
    await engine?.close();
    await server?.stop();
  });

  test('the request on it gets 503 in the protocol’s form, not a hang; the next one is answered', async () => {
    const crashed = await send({ url }, 'POST', '/v2/models/fragile/infer', {
      token: server.adminToken,
      body: inferBody([[EXIT_SENTINEL, 0, 0]])
    });
    expect(crashed.status).toBe(503);
    expect(crashed.body).toEqual({ error: expect.stringMatching(/inference worker running this request stopped/) });

    const after = await send({ url }, 'POST', '/v2/models/fragile/infer', { token: server.adminToken, body: inferBody([[1, 2, 3]]) });
    expect(after).toMatchObject({ status: 200, body: { outputs: [{ data: [dot([1, 2, 3])] }] } });
  });
});
