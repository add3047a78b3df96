import type { Deployment, ModelVersion } from '@mlportal/sdk/core';
import * as React from 'react';
import { useTrans } from '../../../ui/TranslatorContext';
import { describeValue } from '../../describe';
import type { IWizardActions } from '../actions';
import type { IConfigDraft } from '../config';
import { Field } from './Field';

/** The fields typed as text. */
type TextField = { [K in keyof IConfigDraft]: IConfigDraft[K] extends string ? K : never }[keyof IConfigDraft];

export interface IConfigureStepProps {
  config: IConfigDraft;
  version: ModelVersion;
  /** Every version of the model (for the shadow). */
  versions: ModelVersion[];
  /** The deployment of the name typed, when there is one: deploying is then a rollout. */
  existing: Deployment | null;
  /** Why the configuration cannot be deployed yet, or null. */
  problem: string | null;
  actions: IWizardActions;
}

/** Step 3: name, replicas, batching, shadow, target and KPI; or, for an existing deployment, the canary share. */
export function ConfigureStep({ config, version, versions, existing, problem, actions }: IConfigureStepProps): JSX.Element {
  const trans = useTrans();
  const set = actions.setConfig;
  const text = (field: TextField, label: string, hint?: string) => (
    <Field label={label} hint={hint}>
      <input
        type="text"
        className="jp-mlportal-text-input"
        aria-label={label}
        value={String(config[field])}
        onChange={(event) => set({ [field]: event.target.value } as Partial<IConfigDraft>)}
      />
    </Field>
  );
  return (
    <div className="jp-mlportal-wizard-step">
      {text(
        'name',
        trans.__('Name'),
        trans.__('The endpoint: lower case letters, digits and "-". An existing deployment\'s name rolls the version out to it.')
      )}
      {existing ? (
        <section className="jp-mlportal-wizard-rollout" aria-label={trans.__('Rollout')}>
          <p role="note" className="jp-mlportal-notice">
            {trans.__(
              '%1 exists: it now serves %2. v%3 rolls out to it; its batching, replicas and shadow stay as they are.',
              existing.name,
              describeValue(existing.traffic),
              version.version
            )}
          </p>
          {text(
            'canaryPercent',
            trans.__('Canary share (%)'),
            trans.__('Below 100 the new version takes this share beside the current champion; 100 replaces it.')
          )}
        </section>
      ) : (
        <>
          {text('description', trans.__('Description'))}
          <fieldset>
            <legend>{trans.__('Replicas (Kubernetes)')}</legend>
            <div className="jp-mlportal-form-row">
              {text('replicasMin', trans.__('Replicas (min)'))}
              {text('replicasMax', trans.__('Replicas (max)'))}
              {text('targetCpuPercent', trans.__('Target CPU (%)'))}
            </div>
          </fieldset>
          <fieldset>
            <legend>{trans.__('Dynamic batching')}</legend>
            <div className="jp-mlportal-form-row">
              {text('maxBatchSize', trans.__('Max batch size'))}
              {text('maxQueueDelayMs', trans.__('Max queue delay (ms)'))}
            </div>
          </fieldset>
          <Field
            label={trans.__('Shadow version')}
            hint={trans.__('Gets a copy of every request; its answers are logged, never returned.')}
          >
            <select
              className="jp-mlportal-filter-select"
              aria-label={trans.__('Shadow version')}
              value={config.shadowVersion}
              onChange={(event) => set({ shadowVersion: event.target.value })}
            >
              <option value="">{trans.__('none')}</option>
              {versions
                .filter((other) => other.version !== version.version)
                .map((other) => (
                  <option key={other.version} value={String(other.version)}>
                    v{other.version} ({other.stage})
                  </option>
                ))}
            </select>
          </Field>
          <Field label={trans.__('Target')}>
            <select
              className="jp-mlportal-filter-select"
              aria-label={trans.__('Target')}
              value={config.target}
              onChange={(event) => set({ target: event.target.value as IConfigDraft['target'] })}
            >
              <option value="local">{trans.__('local (this server)')}</option>
              <option value="kubernetes">kubernetes</option>
            </select>
          </Field>
          <fieldset>
            <legend>
              <label className="jp-mlportal-check">
                <input type="checkbox" checked={config.kpiEnabled} onChange={(event) => set({ kpiEnabled: event.target.checked })} />
                {trans.__('Business KPI')}
              </label>
            </legend>
            {config.kpiEnabled && (
              <div className="jp-mlportal-form-row">
                {text('kpiLabel', trans.__('KPI label'))}
                <Field label={trans.__('KPI output')}>
                  <select
                    className="jp-mlportal-filter-select"
                    aria-label={trans.__('KPI output')}
                    value={config.kpiOutput}
                    onChange={(event) => set({ kpiOutput: event.target.value })}
                  >
                    {version.artifact.signature.outputs.map((output) => (
                      <option key={output.name} value={output.name}>
                        {output.name}
                      </option>
                    ))}
                  </select>
                </Field>
                <Field label={trans.__('KPI comparison')}>
                  <select
                    className="jp-mlportal-filter-select"
                    aria-label={trans.__('KPI comparison')}
                    value={config.kpiOp}
                    onChange={(event) => set({ kpiOp: event.target.value as IConfigDraft['kpiOp'] })}
                  >
                    {(['>', '>=', '<', '<=', '=='] as const).map((op) => (
                      <option key={op} value={op}>
                        {op}
                      </option>
                    ))}
                  </select>
                </Field>
                {text('kpiValue', trans.__('KPI value'))}
              </div>
            )}
          </fieldset>
        </>
      )}
      {problem && <p className="jp-mlportal-field-problem">{problem}</p>}
    </div>
  );
}
