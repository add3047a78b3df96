import { startStubBackend, type StubBackend } from '../../kernels/testing/stub-backend';
import type { IConnectionModel, IConnectionState } from '../tokens';
import { ConnectedModel } from './connected-model';
import { ConnectionModel } from './model';

const ana = { tokenId: 'tok_ana', name: 'ana', roles: ['data-analyst'], permissions: ['features:read'] };
const bob = { tokenId: 'tok_bob', name: 'bob', roles: ['business'], permissions: ['features:read'] };

/** Counts its refreshes and the connection states it saw. */
class CountingModel extends ConnectedModel<{ refreshes: number; statesSeen: number }> {
  constructor(connection: IConnectionModel) {
    super(connection, { refreshes: 0, statesSeen: 0 });
  }

  async refresh(): Promise<void> {
    this.setState({ ...this.state, refreshes: this.state.refreshes + 1 });
  }

  protected onConnectionState(_state: IConnectionState): void {
    this.setState({ ...this.state, statesSeen: this.state.statesSeen + 1 });
  }
}

describe('ConnectedModel', () => {
  let backend: StubBackend;
  let connection: ConnectionModel;
  let model: CountingModel;

  beforeEach(async () => {
    backend = await startStubBackend({ tokens: { mlp_ana: ana, mlp_bob: bob } });
    connection = new ConnectionModel({ backendUrl: backend.url, token: 'mlp_ana', pollIntervalSeconds: 0 });
    model = new CountingModel(connection);
  });

  afterEach(async () => {
    model.dispose();
    connection.dispose();
    await backend.close();
  });

  it('reads nothing until started, then once, and again when the connection moves to another token', async () => {
    await connection.refresh();
    expect(model.state.refreshes).toBe(0);
    expect(model.state.statesSeen).toBeGreaterThan(0);
    expect(model.roles).toEqual(['data-analyst']);

    await model.start();
    await model.start();
    expect(model.state.refreshes).toBe(1);

    // The same backend and token again: nothing moved.
    await connection.refresh();
    expect(model.state.refreshes).toBe(1);

    await connection.configure({ backendUrl: backend.url, token: 'mlp_bob', pollIntervalSeconds: 0 });
    expect(model.state.refreshes).toBe(2);
    expect(model.roles).toEqual(['business']);
  });

  it('publishes nothing once disposed, and stops following the connection', async () => {
    const published: number[] = [];
    model.stateChanged.connect((_, state) => published.push(state.refreshes));
    await model.start();
    expect(published).toEqual([1]);

    model.dispose();
    expect(model.isDisposed).toBe(true);
    await connection.configure({ backendUrl: backend.url, token: 'mlp_bob', pollIntervalSeconds: 0 });
    await model.refresh();
    expect(model.state.refreshes).toBe(1);
    expect(published).toEqual([1]);
  });
});
