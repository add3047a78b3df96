/**
 * The dashboards over HTTP on real deployments and traffic: each panel's spec carries the data
 * (values checked against the traffic and labels the test sent), panels without data say why,
 * the business role reads the business dashboard and its public page shell but is refused every
 * action, and the page's assets (its script, vega's builds) are served; the page allows no eval
 * and its script is the esbuild bundle of pages/browser/, which has Vega interpret its expressions.
 */
import { matMulModel } from '../../registry/testing/onnx-models';
import { deploy, predict } from '../../serving/deployments/testing/helpers';
import { call, expectStatus, tokenWith } from '../../testing/features';
import { registerVersion } from '../../testing/registry';
import { startTestServer, type TestServer } from '../../testing/test-server';
import { probabilityModel } from '../decay/testing/probability-model';
import { PAGE_SCRIPT_BANNER, bundlePageScript } from './pages/page-script';

let server: TestServer;
let business: string;

beforeAll(async () => {
  server = await startTestServer();
  business = await tokenWith(server, 'business');
});

afterAll(async () => {
  await server?.stop();
});

async function dashboard(kind: string, query = '', token?: string) {
  return expectStatus(await call(server, 'GET', `/api/v1/dashboards/${kind}${query}`, undefined, token), 200);
}

function panelOf(board: any, id: string): any {
  const found = board.panels.find((p: any) => p.id === id);
  if (!found) throw new Error(`no panel ${id} in ${board.panels.map((p: any) => p.id).join(', ')}`);
  return found;
}

async function settle(): Promise<void> {
  await server.services.serving.predictions.flush();
  await server.services.monitoring.decay.settled();
  await server.services.monitoring.dashboards.counted();
}

describe('dashboards', () => {
  it('say there is no deployment yet, panel by panel, before anything is deployed', async () => {
    for (const kind of ['analyst', 'product', 'business']) {
      const board = await dashboard(kind);
      expect(board).toMatchObject({ kind, deployment: null });
      expect(board.panels.length).toBeGreaterThan(1);
      for (const panel of board.panels) {
        expect(panel.empty).toEqual(expect.any(String));
        expect(panel.spec.$schema).toBe('https://vega.github.io/schema/vega-lite/v5.json');
        expect(panel.spec.data.values).toEqual([]);
      }
    }
  });

  it('draw the traffic, the KPI and the labelled quality that were sent', async () => {
    const late = await registerVersion(server, 'late', probabilityModel());
    // A prediction counts for the KPI when P(on time) < 0.5: predicted late.
    const kpi = { label: 'share of flights predicted late', output: 'probabilities', op: '<', value: 0.5 };
    expectStatus(await deploy(server, { name: 'late-flights', model: 'late', version: late.version, kpi }), 201);
    const fares = await registerVersion(server, 'fares', matMulModel());
    expectStatus(await deploy(server, { name: 'fares', model: 'fares', version: fares.version }), 201);

    const scores = [0.9, 0.2, 0.7, 0.6, 0.1];
    const sent = expectStatus(await predict(server, 'late-flights', { instances: scores.map((s) => [s]) }), 200);
    expectStatus(await predict(server, 'late-flights', { instances: [[0.95], [0.3]] }), 200);
    expectStatus(await predict(server, 'fares', { instances: [[1, 2, 3]] }), 200);
    await settle();
    const truths = [1, 0, 0, 1, 0];
    expectStatus(
      await call(server, 'POST', '/api/v1/labels', {
        labels: sent.predictionIds.map((id: string, i: number) => ({ predictionId: id, label: truths[i] }))
      }),
      200
    );

    const today = new Date(Math.floor(Date.now() / 86_400_000) * 86_400_000).toISOString();
    const businessBoard = await dashboard('business', '?deployment=late-flights', business);
    expect(businessBoard.deployment).toBe('late-flights');
    const volume = panelOf(businessBoard, 'prediction-volume');
    expect(volume.empty).toBeUndefined();
    expect(volume.spec.data.values).toEqual([{ day: today, predictions: 7 }]);
    const kpiPanel = panelOf(businessBoard, 'kpi');
    expect(kpiPanel.title).toContain('share of flights predicted late');
    // Predicted late (score > 0.5): 0.9, 0.7, 0.6, 0.95 of 7.
    expect(kpiPanel.spec.data.values).toEqual([
      expect.objectContaining({ day: today, share: Number((4 / 7).toFixed(6)), counted: 4, predictions: 7 })
    ]);

    const product = await dashboard('product', '?deployment=late-flights');
    const quality = panelOf(product, 'quality-over-time').spec.data.values;
    const accuracy = quality.filter((r: any) => r.metric === 'accuracy');
    // Predicted positive at ≥ 0.5: 0.9 ✓, 0.2 ✓, 0.7 ✗, 0.6 ✓, 0.1 ✓.
    expect(accuracy).toEqual([expect.objectContaining({ value: 0.8, labelled: 5 })]);
    // Positives 0.9, 0.6 against negatives 0.2, 0.7, 0.1: 5 of 6 pairs ordered.
    expect(quality.find((r: any) => r.metric === 'auc').value).toBeCloseTo(5 / 6, 6);
    const adoption = panelOf(product, 'adoption').spec.data.values;
    expect(adoption).toEqual(
      expect.arrayContaining([
        { day: today, deployment: 'late-flights', requests: 7 },
        { day: today, deployment: 'fares', requests: 1 }
      ])
    );
    expect(adoption).toHaveLength(2);
    const latency = panelOf(product, 'latency-p99');
    expect(latency.spec.data.values).toEqual([expect.objectContaining({ p99Ms: expect.any(Number), sloMs: 100, requests: 7 })]);
    const canary = panelOf(product, 'canary-vs-champion').spec.data.values;
    expect(canary).toEqual(
      expect.arrayContaining([
        { version: 'late v1 (champion 100%)', metric: 'requests', value: 7 },
        { version: 'late v1 (champion 100%)', metric: 'accuracy', value: 0.8 }
      ])
    );
  });

  it('show the analyst dashboard with a reason on each panel while there is nothing to measure drift against', async () => {
    const board = await dashboard('analyst', '?deployment=fares');
    expect(board.panels.map((p: any) => p.id)).toEqual(['feature-distributions', 'drift-over-time', 'skew']);
    for (const panel of board.panels) {
      expect(panel.empty).toEqual(expect.any(String));
      expect(panel.spec.data.values).toEqual([]);
    }
  });

  it('answer 404 for an unknown deployment and 400 for an unknown kind', async () => {
    expect((await call(server, 'GET', '/api/v1/dashboards/product?deployment=no-such')).status).toBe(404);
    expect((await call(server, 'GET', '/api/v1/dashboards/finance')).status).toBe(400);
  });
});

describe('the business role', () => {
  it('opens the page shell without a token and its assets, and reads the business dashboard with its token', async () => {
    const page = await fetch(`${server.url}/dashboards/business?deployment=late-flights`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    const html = await page.text();
    expect(html).toContain('data-kind="business"');
    expect(html).toContain('/dashboards/assets/vega-embed.min.js');
    expect(html).not.toContain('late-flights');
    for (const [asset, marker] of [
      ['vega.min.js', '5.33.1'],
      ['vega-lite.min.js', '5.23.0'],
      ['vega-embed.min.js', 'vegaEmbed'],
      ['dashboard.js', 'data-state']
    ]) {
      const answer = await fetch(`${server.url}/dashboards/assets/${asset}`);
      expect(answer.status).toBe(200);
      expect(answer.headers.get('content-type')).toContain('javascript');
      expect(await answer.text()).toContain(marker);
    }
    expect((await fetch(`${server.url}/dashboards/assets/package.json`)).status).toBe(404);
    expect((await fetch(`${server.url}/dashboards/finance`)).status).toBe(404);
    expect((await fetch(`${server.url}/api/v1/dashboards/business`)).status).toBe(401);
    expect((await dashboard('business', '', business)).kind).toBe('business');
  });

  it('is refused every action: labels, monitoring configuration, deployments', async () => {
    const prediction = (await server.services.serving.predictions.list('late-flights', { limit: 1 }))[0];
    const attempts: Array<[string, string, unknown, string]> = [
      ['POST', '/api/v1/labels', { labels: [{ predictionId: prediction.id, label: 1 }] }, 'labels:write'],
      ['PUT', '/api/v1/monitoring/deployments/late-flights/config', { revision: 0 }, 'monitoring:configure'],
      ['POST', '/api/v1/deployments', { name: 'other', model: 'late', version: 1 }, 'deployments:manage']
    ];
    for (const [method, path, body, permission] of attempts) {
      const answer = await call(server, method, path, body, business);
      expect(answer.status).toBe(403);
      expect(answer.body.error.message).toContain(permission);
    }
  });
});

describe('the standalone page', () => {
  it('forbids eval in its Content-Security-Policy, and serves the bundled page script that interprets Vega expressions', async () => {
    const page = await fetch(`${server.url}/dashboards/product`);
    expect(page.status).toBe(200);
    const csp = page.headers.get('content-security-policy') ?? '';
    const directives = new Map(
      csp
        .split(';')
        .map((d) => d.trim().split(/\s+/))
        .map(([name, ...values]) => [name, values])
    );
    expect(directives.get('default-src')).toEqual(["'none'"]);
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(csp).not.toContain('unsafe-eval');
    // Every script the page loads is one of this server's assets.
    const scripts = [...(await page.text()).matchAll(/<script\b[^>]*>/g)].map(([tag]) => /src="([^"]+)"/.exec(tag)?.[1]);
    expect(scripts).toEqual(
      ['vega.min.js', 'vega-lite.min.js', 'vega-embed.min.js', 'dashboard.js'].map((file) => `/dashboards/assets/${file}`)
    );

    const answer = await fetch(`${server.url}/dashboards/assets/dashboard.js`);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    const script = await answer.text();
    expect(script.startsWith(PAGE_SCRIPT_BANNER)).toBe(true);
    expect(script).toBe(await bundlePageScript());
    // vega-interpreter is bundled in (its operator table), and nothing in the bundle compiles code.
    expect(script).toContain('">>>":');
    expect(script).not.toMatch(/\bFunction\(|\beval\(/);
    // A second request gets the same script.
    expect(await (await fetch(`${server.url}/dashboards/assets/dashboard.js`)).text()).toBe(script);
  });
});
