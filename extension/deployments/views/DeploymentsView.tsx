import type { TranslationBundle } from '@jupyterlab/translation';
import type { DeploymentEvent, DeploymentWithStats } from '@mlportal/sdk/core';
import * as React from 'react';
import { exactTime, relativeTime } from '../../ui/format';
import { useTrans } from '../../ui/TranslatorContext';
import { describeValue } from '../describe';
import { DEPLOYMENT_PERMISSIONS, missingPermission } from '../permissions';
import type { IDeploymentAction, IDeploymentsState, IEventsState } from '../state';
import { StatsTable, TrafficBar } from './StatsTable';

/** What the sidebar's view asks of its owner. */
export interface IDeploymentsActions {
  openWizard(): void;
  /** The deployment's monitoring dashboards (analyst first; the panel switches kinds). */
  openDashboard(name: string): void;
  toggleEvents(name: string): void;
  rollback(name: string): void;
  delete(name: string): void;
  dismissAction(): void;
}

export interface IDeploymentsViewProps {
  state: IDeploymentsState;
  roles: readonly string[] | null;
  actions: IDeploymentsActions;
}

/** The Deployments sidebar's body: every endpoint with its versions, split and live figures. */
export function DeploymentsView({ state, roles, actions }: IDeploymentsViewProps): JSX.Element {
  const trans = useTrans();
  const { list } = state;
  const mayManage = !!state.permissions?.manage;
  return (
    <div className="jp-mlportal-discovery jp-mlportal-deployments">
      <ActionStatus action={state.action} onDismiss={actions.dismissAction} />
      {list.problem && (
        <p role="alert" className="jp-mlportal-problem">
          {list.problem.message}
        </p>
      )}
      {list.loading && !list.done && <p className="jp-mlportal-loading">{trans.__('Loading…')}</p>}
      {list.done && list.deployments.length === 0 && !list.problem && (
        <p className="jp-mlportal-muted">
          {trans.__('Nothing is deployed yet.')}{' '}
          <button type="button" className="jp-mlportal-link-button" onClick={actions.openWizard}>
            {trans.__('Deploy a model')}
          </button>
        </p>
      )}
      {state.permissions && !mayManage && list.deployments.length > 0 && (
        <p role="note" className="jp-mlportal-muted">
          {missingPermission(trans.__('Rolling back or deleting'), DEPLOYMENT_PERMISSIONS.manage, roles, trans)}
        </p>
      )}
      <ul className="jp-mlportal-list" aria-label={trans.__('Deployments')}>
        {list.deployments.map((deployment) => (
          <li key={deployment.name}>
            <DeploymentCard
              deployment={deployment}
              events={state.events[deployment.name] ?? null}
              mayManage={mayManage}
              busy={state.action.busy}
              actions={actions}
            />
          </li>
        ))}
      </ul>
    </div>
  );
}

interface IDeploymentCardProps {
  deployment: DeploymentWithStats;
  events: IEventsState | null;
  mayManage: boolean;
  busy: boolean;
  actions: IDeploymentsActions;
}

function DeploymentCard({ deployment, events, mayManage, busy, actions }: IDeploymentCardProps): JSX.Element {
  const trans = useTrans();
  const name = deployment.name;
  return (
    <section className="jp-mlportal-deployment" aria-label={trans.__('Deployment %1', name)} data-deployment={name}>
      <div className="jp-mlportal-deployment-head">
        <strong className="jp-mlportal-deployment-name">{name}</strong>
        <span className="jp-mlportal-badge" data-field="state" data-state={deployment.state}>
          {deployment.state}
        </span>
        <span className="jp-mlportal-muted" data-field="target">
          {deployment.target}
        </span>
      </div>
      {deployment.reason && <p className="jp-mlportal-notice">{deployment.reason}</p>}
      {deployment.description && <p className="jp-mlportal-group-description">{deployment.description}</p>}
      <TrafficBar traffic={deployment.traffic} />
      {deployment.shadow && (
        <p className="jp-mlportal-muted" data-field="shadow">
          {trans.__('Shadow: %1', describeValue(deployment.shadow))}
        </p>
      )}
      <StatsTable stats={deployment.stats} label={trans.__('Traffic of %1', name)} compact />
      <div className="jp-mlportal-form-row">
        <button
          type="button"
          className="jp-mlportal-link-button"
          aria-expanded={events !== null}
          onClick={() => actions.toggleEvents(name)}
        >
          {trans.__('Events')}
        </button>
        <button type="button" className="jp-mlportal-link-button" onClick={() => actions.openDashboard(name)}>
          {trans.__('Dashboards')}
        </button>
        {mayManage && (
          <>
            <button type="button" className="jp-mlportal-button" disabled={busy} onClick={() => actions.rollback(name)}>
              {trans.__('Roll back')}
            </button>
            <button type="button" className="jp-mlportal-button jp-mod-warn" disabled={busy} onClick={() => actions.delete(name)}>
              {trans.__('Delete')}
            </button>
          </>
        )}
      </div>
      {events && <EventList name={name} events={events} />}
    </section>
  );
}

function EventList({ name, events }: { name: string; events: IEventsState }): JSX.Element {
  const trans = useTrans();
  if (events.problem) {
    return (
      <p role="alert" className="jp-mlportal-problem">
        {events.problem.message}
      </p>
    );
  }
  if (events.loading) {
    return <p className="jp-mlportal-loading">{trans.__('Loading…')}</p>;
  }
  return (
    <ol className="jp-mlportal-list jp-mlportal-deployment-events" aria-label={trans.__('Events of %1', name)}>
      {events.events.map((event, index) => (
        <li key={index} data-type={event.type}>
          <span className="jp-mlportal-badge">{event.type}</span>{' '}
          <span title={exactTime(event.at, trans)}>{relativeTime(event.at, trans)}</span> {trans.__('by %1', event.by)}
          {describeEvent(event, trans) && <span className="jp-mlportal-muted"> — {describeEvent(event, trans)}</span>}
        </li>
      ))}
    </ol>
  );
}

/** "flights v1 100% → flights v1 90% · flights v2 10%", then the gate override and note when there are any. */
function describeEvent(event: DeploymentEvent, trans: TranslationBundle): string {
  const parts: string[] = [];
  if (event.from || event.to) {
    parts.push(`${describeValue(event.from?.traffic)} → ${describeValue(event.to?.traffic)}`);
  }
  if (event.gate?.overriddenBy) {
    parts.push(trans.__('gate overridden by %1: %2', event.gate.overriddenBy, event.gate.overrideReason ?? ''));
  }
  if (event.note) {
    parts.push(event.note);
  }
  return parts.join('; ');
}

function ActionStatus({ action, onDismiss }: { action: IDeploymentAction; onDismiss(): void }): JSX.Element | null {
  const trans = useTrans();
  if (action.busy) {
    return (
      <p className="jp-mlportal-muted" aria-live="polite">
        {trans.__('Working…')}
      </p>
    );
  }
  if (action.problem) {
    return (
      <div role="alert" className="jp-mlportal-problem">
        <span>{action.problem.message}</span>
        <button type="button" className="jp-mlportal-link-button" onClick={onDismiss}>
          {trans.__('Dismiss')}
        </button>
      </div>
    );
  }
  if (action.message) {
    return (
      <p role="status" className="jp-mlportal-done">
        {action.message}
      </p>
    );
  }
  return null;
}
