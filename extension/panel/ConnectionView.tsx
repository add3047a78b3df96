import * as React from 'react';
import type { ConnectionStatus, IConnectionState, IHealthResponse } from '../tokens';

const STATUS_LABELS: Record<ConnectionStatus, string> = {
  connected: 'Connected',
  disconnected: 'Disconnected',
  unauthorized: 'Token refused',
  unconfigured: 'Not configured'
};

const STORE_LABELS: Record<IHealthResponse['store'], string> = {
  sqlite: 'sqlite (embedded)',
  mongodb: 'mongodb'
};

export interface IConnectionViewProps {
  state: IConnectionState;
  onRetry: () => void;
}

/**
 * The connection as the user sees it. The status element carries role="status" and a
 * data-state attribute so UI tests select it without depending on wording or styling.
 * The token itself is never rendered, only the name the backend knows it by.
 */
export function ConnectionView({ state, onRetry }: IConnectionViewProps): JSX.Element {
  const { status, checking, health, identity, message, requestId, checkedAt } = state;
  const label =
    checking && checkedAt === null && status === 'disconnected' ? 'Connecting…' : STATUS_LABELS[status];
  return (
    <div className="jp-mlportal-connection" aria-busy={checking}>
      <h2 className="jp-mlportal-title">ML Portal</h2>
      <div role="status" data-state={status} className={`jp-mlportal-status jp-mlportal-status-${status}`}>
        <span className="jp-mlportal-status-dot" aria-hidden="true" />
        <span className="jp-mlportal-status-label">{label}</span>
      </div>
      {message && <p className="jp-mlportal-message">{message}</p>}
      <dl className="jp-mlportal-details">
        <dt>Backend</dt>
        <dd className="jp-mlportal-backend-url">{state.backendUrl || '(not set)'}</dd>
        {health && (
          <>
            <dt>Store</dt>
            <dd data-field="store">{STORE_LABELS[health.store]}</dd>
            <dt>Version</dt>
            <dd data-field="version">{health.version}</dd>
          </>
        )}
        {identity && (
          <>
            <dt>Token</dt>
            <dd data-field="token-name">{identity.name}</dd>
            <dt>Roles</dt>
            <dd data-field="roles">
              <ul className="jp-mlportal-roles">
                {identity.roles.map(role => (
                  <li key={role} className="jp-mlportal-role">
                    {role}
                  </li>
                ))}
              </ul>
            </dd>
          </>
        )}
        {requestId && (
          <>
            <dt>Request id</dt>
            <dd data-field="request-id">{requestId}</dd>
          </>
        )}
      </dl>
      <div className="jp-mlportal-actions">
        <button type="button" className="jp-Button jp-mod-styled jp-mod-accept" onClick={onRetry} disabled={checking}>
          Retry
        </button>
        {checkedAt && !checking && (
          <span className="jp-mlportal-checked-at">Checked at {checkedAt.toLocaleTimeString()}</span>
        )}
        {checking && <span className="jp-mlportal-checked-at">Checking…</span>}
      </div>
    </div>
  );
}
