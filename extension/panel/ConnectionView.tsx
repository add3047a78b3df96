import type { TranslationBundle } from '@jupyterlab/translation';
import * as React from 'react';
import type { ConnectionStatus, IConnectionState, IHealthResponse } from '../tokens';
import { useTrans } from '../ui/TranslatorContext';

function statusLabel(status: ConnectionStatus, trans: TranslationBundle): string {
  switch (status) {
    case 'connected':
      return trans.__('Connected');
    case 'disconnected':
      return trans.__('Disconnected');
    case 'unauthorized':
      return trans.__('Token refused');
    case 'unconfigured':
      return trans.__('Not configured');
  }
}

function storeLabel(store: IHealthResponse['store'], trans: TranslationBundle): string {
  return store === 'sqlite' ? trans.__('sqlite (embedded)') : store;
}

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
  const trans = useTrans();
  const { status, checking, health, identity, message, requestId, checkedAt } = state;
  const label = checking && checkedAt === null && status === 'disconnected' ? trans.__('Connecting…') : statusLabel(status, trans);
  return (
    <div className="jp-mlportal-connection" aria-busy={checking}>
      <h2 className="jp-mlportal-title">{trans.__('ML Portal')}</h2>
      <div role="status" data-state={status} className={`jp-mlportal-status jp-mlportal-status-${status}`}>
        <span className="jp-mlportal-status-dot" aria-hidden="true" />
        <span className="jp-mlportal-status-label">{label}</span>
      </div>
      {message && <p className="jp-mlportal-message">{message}</p>}
      <dl className="jp-mlportal-details">
        <dt>{trans.__('Backend')}</dt>
        <dd className="jp-mlportal-backend-url">{state.backendUrl || trans.__('(not set)')}</dd>
        {health && (
          <>
            <dt>{trans.__('Store')}</dt>
            <dd data-field="store">{storeLabel(health.store, trans)}</dd>
            <dt>{trans.__('Version')}</dt>
            <dd data-field="version">{health.version}</dd>
          </>
        )}
        {identity && (
          <>
            <dt>{trans.__('Token')}</dt>
            <dd data-field="token-name">{identity.name}</dd>
            <dt>{trans.__('Roles')}</dt>
            <dd data-field="roles">
              <ul className="jp-mlportal-roles">
                {identity.roles.map((role) => (
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
            <dt>{trans.__('Request id')}</dt>
            <dd data-field="request-id">{requestId}</dd>
          </>
        )}
      </dl>
      <div className="jp-mlportal-actions">
        <button type="button" className="jp-Button jp-mod-styled jp-mod-accept" onClick={onRetry} disabled={checking}>
          {trans.__('Retry')}
        </button>
        {checkedAt && !checking && (
          <span className="jp-mlportal-checked-at">{trans.__('Checked at %1', checkedAt.toLocaleTimeString())}</span>
        )}
        {checking && <span className="jp-mlportal-checked-at">{trans.__('Checking…')}</span>}
      </div>
    </div>
  );
}
