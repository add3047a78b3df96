import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import type { IConnectionState } from '../tokens';
import { ConnectionView } from './ConnectionView';

function render(state: Partial<IConnectionState>): string {
  const full: IConnectionState = {
    status: 'disconnected',
    backendUrl: 'http://backend.example:8765',
    checking: false,
    health: null,
    identity: null,
    message: null,
    requestId: null,
    checkedAt: new Date(0),
    ...state
  };
  return renderToStaticMarkup(createElement(ConnectionView, { state: full, onRetry: () => undefined }));
}

describe('ConnectionView', () => {
  it('shows a connected backend with its store, version, token name and roles', () => {
    const html = render({
      status: 'connected',
      health: { status: 'ok', store: 'sqlite', version: '0.1.0' },
      identity: { tokenId: 't1', name: 'admin', roles: ['admin', 'ml-engineer'], permissions: [] }
    });
    expect(html).toMatch(/<div role="status" data-state="connected"[^>]*>.*Connected<\/span><\/div>/);
    expect(html).toContain('sqlite (embedded)');
    expect(html).toContain('0.1.0');
    expect(html).toContain('http://backend.example:8765');
    expect(html).toContain('<dd data-field="token-name">admin</dd>');
    expect(html).toContain('<li class="jp-mlportal-role">ml-engineer</li>');
  });

  it('shows why it is not connected, with a Retry button', () => {
    const html = render({ status: 'unauthorized', message: 'The backend refused the token', requestId: 'req-9' });
    expect(html).toContain('data-state="unauthorized"');
    expect(html).toContain('Token refused');
    expect(html).toContain('The backend refused the token');
    expect(html).toContain('req-9');
    expect(html).toMatch(/<button[^>]*>Retry<\/button>/);
  });

  it('says it is connecting before the first answer and disables Retry meanwhile', () => {
    const html = render({ checking: true, checkedAt: null });
    expect(html).toContain('data-state="disconnected"');
    expect(html).toContain('Connecting…');
    expect(html).toMatch(/<button[^>]*disabled=""[^>]*>Retry<\/button>/);
  });
});
