import type { TranslationBundle } from '@jupyterlab/translation';
import { AliasSchema } from '@mlportal/contract';
import * as React from 'react';
import { useTrans } from '../ui/TranslatorContext';
import { untranslated } from '../ui/untranslated';
import { PERMISSION_NAMES, stagesOffered, transitionRefusal, type IRegistryPermissions } from './permissions';
import type { IActionState } from './state';
import type { ModelVersion, RegisteredModel, Stage } from '@mlportal/sdk/core';

export interface IVersionActionsProps {
  model: RegisteredModel | null;
  version: ModelVersion;
  permissions: IRegistryPermissions | null;
  roles: readonly string[] | null;
  action: IActionState;
  onTransition(stage: Stage, options: { archiveExisting: boolean }): void;
  onSetAlias(alias: string): void;
  onDeleteAlias(alias: string): void;
  onReload(): void;
  onDismiss(): void;
}

/** Promote or demote, set or remove aliases: offered only as far as the token's permissions go. */
export function VersionActions(props: IVersionActionsProps): JSX.Element {
  const trans = useTrans();
  const { version, permissions, action } = props;
  return (
    <section className="jp-mlportal-version-actions" aria-label={trans.__('Version actions')} aria-busy={action.busy}>
      <ActionStatus action={action} onReload={props.onReload} onDismiss={props.onDismiss} />
      <StageForm version={version} permissions={permissions} roles={props.roles} busy={action.busy} onTransition={props.onTransition} />
      <AliasForm
        model={props.model}
        version={version}
        mayEdit={!!permissions?.promote}
        busy={action.busy}
        onSetAlias={props.onSetAlias}
        onDeleteAlias={props.onDeleteAlias}
      />
    </section>
  );
}

function ActionStatus({
  action,
  onReload,
  onDismiss
}: Pick<IVersionActionsProps, 'action' | 'onReload' | 'onDismiss'>): JSX.Element | null {
  const trans = useTrans();
  if (action.busy) {
    return (
      <p className="jp-mlportal-muted" aria-live="polite">
        {trans.__('Saving…')}
      </p>
    );
  }
  if (action.problem) {
    return (
      <div role="alert" className="jp-mlportal-problem" data-stale={action.stale}>
        <span>{action.problem.message}</span>
        {action.problem.requestId && (
          <span className="jp-mlportal-request-id"> {trans.__('(request id %1)', action.problem.requestId)}</span>
        )}
        {action.stale ? (
          <button type="button" className="jp-mlportal-button" onClick={onReload}>
            {trans.__('Reload')}
          </button>
        ) : (
          <button type="button" className="jp-mlportal-link-button" onClick={onDismiss}>
            {trans.__('Dismiss')}
          </button>
        )}
      </div>
    );
  }
  if (action.done) {
    return (
      <p role="status" className="jp-mlportal-done">
        {action.done}
      </p>
    );
  }
  return null;
}

interface IStageFormProps {
  version: ModelVersion;
  permissions: IRegistryPermissions | null;
  roles: readonly string[] | null;
  busy: boolean;
  onTransition(stage: Stage, options: { archiveExisting: boolean }): void;
}

function StageForm({ version, permissions, roles, busy, onTransition }: IStageFormProps): JSX.Element {
  const trans = useTrans();
  const offered = stagesOffered(permissions, version.stage);
  const [target, setTarget] = React.useState<Stage | ''>('');
  const [archiveExisting, setArchiveExisting] = React.useState(false);
  const chosen = target && offered.includes(target) ? target : '';
  const refusal = transitionRefusal(permissions, version.stage, roles, trans);
  return (
    <form
      className="jp-mlportal-stage-form"
      aria-label={trans.__('Change stage')}
      onSubmit={(event) => {
        event.preventDefault();
        if (chosen) {
          onTransition(chosen, { archiveExisting: archiveExisting && chosen !== 'archived' && chosen !== 'none' });
          setTarget('');
        }
      }}
    >
      <h4>{trans.__('Stage')}</h4>
      <div className="jp-mlportal-form-row">
        <label className="jp-mlportal-filter">
          <span className="jp-mlportal-filter-label">{trans.__('Move to')}</span>
          <select
            className="jp-mlportal-filter-select"
            aria-label={trans.__('New stage')}
            value={chosen}
            disabled={offered.length === 0 || busy}
            onChange={(event) => setTarget(event.target.value as Stage | '')}
          >
            <option value="">{trans.__('choose a stage')}</option>
            {offered.map((stage) => (
              <option key={stage} value={stage}>
                {stage}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="jp-mlportal-button" disabled={!chosen || busy}>
          {trans.__('Apply')}
        </button>
      </div>
      <label className="jp-mlportal-check">
        <input
          type="checkbox"
          checked={archiveExisting}
          disabled={offered.length === 0 || busy || chosen === 'archived' || chosen === 'none'}
          onChange={(event) => setArchiveExisting(event.target.checked)}
        />
        {trans.__('Archive existing versions in that stage')}
      </label>
      {refusal && (
        <p role="note" className="jp-mlportal-notice">
          {refusal}
        </p>
      )}
    </form>
  );
}

interface IAliasFormProps {
  model: RegisteredModel | null;
  version: ModelVersion;
  mayEdit: boolean;
  busy: boolean;
  onSetAlias(alias: string): void;
  onDeleteAlias(alias: string): void;
}

function AliasForm({ model, version, mayEdit, busy, onSetAlias, onDeleteAlias }: IAliasFormProps): JSX.Element {
  const trans = useTrans();
  const [alias, setAlias] = React.useState('');
  const problem = aliasProblem(alias.trim(), model, version.version, trans);
  return (
    <form
      className="jp-mlportal-alias-form"
      aria-label={trans.__('Aliases')}
      onSubmit={(event) => {
        event.preventDefault();
        if (!problem && alias.trim()) {
          onSetAlias(alias.trim());
          setAlias('');
        }
      }}
    >
      <h4>{trans.__('Aliases')}</h4>
      {version.aliases.length === 0 ? (
        <p className="jp-mlportal-muted">{trans.__('No alias points at this version.')}</p>
      ) : (
        <ul className="jp-mlportal-alias-list" aria-label={trans.__('Aliases of this version')}>
          {version.aliases.map((name) => (
            <li key={name}>
              <span className="jp-mlportal-badge jp-mlportal-alias">@{name}</span>
              {mayEdit && (
                <button
                  type="button"
                  className="jp-mlportal-remove"
                  aria-label={trans.__('Remove alias %1', name)}
                  title={trans.__('Remove alias %1', name)}
                  disabled={busy || !model}
                  onClick={() => onDeleteAlias(name)}
                >
                  ×
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {mayEdit ? (
        <>
          <div className="jp-mlportal-form-row">
            <input
              type="text"
              className="jp-mlportal-text-input"
              aria-label={trans.__('Alias')}
              placeholder={trans.__('e.g. champion')}
              value={alias}
              disabled={busy}
              onChange={(event) => setAlias(event.target.value)}
            />
            <button type="submit" className="jp-mlportal-button" disabled={busy || !model || !alias.trim() || !!problem}>
              {trans.__('Set alias')}
            </button>
          </div>
          {alias.trim() && problem && <p className="jp-mlportal-field-problem">{problem}</p>}
        </>
      ) : (
        <p className="jp-mlportal-muted">{trans.__('Setting aliases needs the %1 permission.', PERMISSION_NAMES.promote)}</p>
      )}
    </form>
  );
}

/** Why an alias would be refused, or null; moving an alias from another version is allowed (that is what aliases are for). */
export function aliasProblem(
  alias: string,
  model: RegisteredModel | null,
  version: number,
  trans: TranslationBundle = untranslated
): string | null {
  if (!alias) {
    return null;
  }
  if (!AliasSchema.safeParse(alias).success) {
    return trans.__('An alias is lower case letters, digits, "_" or "-", starting with a letter; not "latest" and not v<digits>.');
  }
  if (model?.aliases[alias] === version) {
    return trans.__('%1 already points at this version.', alias);
  }
  return null;
}
