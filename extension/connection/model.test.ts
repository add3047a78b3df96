import { startStubBackend, unreachableUrl, type StubBackend } from '../../kernels/testing/stub-backend';
import type { ConnectionStatus, IConnectionState } from '../tokens';
import { ConnectionModel } from './model';

const analyst = { tokenId: 'tok_2', name: 'ana', roles: ['data-analyst'], permissions: ['features:read'] };

function settings(backendUrl: string, token: string, pollIntervalSeconds = 0) {
  return { backendUrl, token, pollIntervalSeconds };
}

/** Resolves on the first state the model publishes with the given status. */
function nextState(model: ConnectionModel, status: ConnectionStatus): Promise<IConnectionState> {
  return new Promise((resolve) => {
    const listener = (_: unknown, state: IConnectionState) => {
      if (state.status === status && !state.checking) {
        model.stateChanged.disconnect(listener);
        resolve(state);
      }
    };
    model.stateChanged.connect(listener);
  });
}

describe('ConnectionModel', () => {
  let backend: StubBackend;
  let model: ConnectionModel | undefined;

  beforeEach(async () => {
    backend = await startStubBackend({ store: 'sqlite', version: '0.1.0', tokens: { mlp_ana: analyst } });
  });

  afterEach(async () => {
    model?.dispose();
    model = undefined;
    await backend.close();
  });

  it('is connected when the backend is healthy and accepts the token', async () => {
    model = new ConnectionModel(settings(backend.url, 'mlp_ana'));
    const state = await model.refresh();
    expect(state).toMatchObject({
      status: 'connected',
      backendUrl: backend.url,
      checking: false,
      health: { status: 'ok', store: 'sqlite', version: '0.1.0' },
      identity: analyst,
      message: null
    });
    expect(model.state).toBe(state);
  });

  it('is unconfigured without a token, yet shows what the backend is', async () => {
    model = new ConnectionModel(settings(backend.url, ''));
    const state = await model.refresh();
    expect(state.status).toBe('unconfigured');
    expect(state.health?.store).toBe('sqlite');
    expect(state.message).toMatch(/No mlportal API token is set/);
    expect(backend.requests.map((r) => r.path)).toEqual(['/api/v1/health']);
  });

  it('is unauthorized when the backend refuses the token, naming the URL and the request', async () => {
    model = new ConnectionModel(settings(backend.url, 'mlp_unknown'));
    const state = await model.refresh();
    expect(state.status).toBe('unauthorized');
    expect(state.message).toContain(backend.url);
    expect(state.message).toContain('401 unauthenticated');
    expect(state.requestId).toMatch(/^req-/);
    expect(state.identity).toBeNull();
  });

  it('is disconnected when nothing answers, naming the URL', async () => {
    const url = await unreachableUrl();
    model = new ConnectionModel(settings(url, 'mlp_ana'));
    const state = await model.refresh();
    expect(state.status).toBe('disconnected');
    expect(state.message).toContain(`Cannot reach the mlportal backend at ${url}`);
    expect(state.health).toBeNull();
  });

  it('is unconfigured when the backend URL is not a URL', async () => {
    model = new ConnectionModel(settings('localhost:8765', 'mlp_ana'));
    const state = await model.refresh();
    expect(state.status).toBe('unconfigured');
    expect(state.message).toMatch(/"localhost:8765" is not an http\(s\) URL/);
  });

  it('applies new settings at once and tells listeners', async () => {
    model = new ConnectionModel(settings(backend.url, 'mlp_unknown'));
    await model.refresh();
    const published: ConnectionStatus[] = [];
    model.stateChanged.connect((_, state) => published.push(state.status));
    const state = await model.configure(settings(backend.url, 'mlp_ana'));
    expect(state.status).toBe('connected');
    expect(published[published.length - 1]).toBe('connected');
  });

  it('drops the answer of a check started under older settings', async () => {
    const hanging = await startStubBackend({ routes: { '/api/v1/health': () => undefined } });
    model = new ConnectionModel(settings(hanging.url, 'mlp_ana'));
    const stale = model.refresh();
    const current = await model.configure(settings(backend.url, 'mlp_ana'));
    expect(current.status).toBe('connected');
    await hanging.close(); // the stale check now fails...
    await stale;
    expect(model.state.status).toBe('connected'); // ...and is ignored
  });

  it('keeps polling and notices when the backend goes away', async () => {
    model = new ConnectionModel(settings(backend.url, 'mlp_ana', 0.05));
    await model.refresh();
    expect(model.state.status).toBe('connected');
    const gone = nextState(model, 'disconnected');
    const old = backend;
    backend = await startStubBackend(); // for afterEach; started first so it cannot take the old port
    await old.close();
    await expect(gone).resolves.toMatchObject({ status: 'disconnected', health: null });
  });
});
