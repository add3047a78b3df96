import * as React from 'react';
import { formatNumber } from '../../../features/format';
import type { IWizardActions } from '../actions';
import type { IChoiceState } from '../state';
import { Field, ProblemAlert } from './Field';

/** Step 1: the model and the version to deploy (preselected when opened from the registry). */
export function ChooseStep({ choice, actions }: { choice: IChoiceState; actions: IWizardActions }): JSX.Element {
  const models = choice.model && !choice.models.includes(choice.model) ? [choice.model, ...choice.models] : choice.models;
  const detail = choice.versions.find(version => version.version === choice.version) ?? null;
  return (
    <div className="jp-mlportal-wizard-step">
      <Field label="Model">
        <select
          className="jp-mlportal-filter-select"
          aria-label="Model"
          value={choice.model ?? ''}
          onChange={event => void actions.chooseModel(event.target.value)}
        >
          <option value="" disabled>
            choose a model
          </option>
          {models.map(name => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </select>
      </Field>
      <Field label="Version">
        <select
          className="jp-mlportal-filter-select"
          aria-label="Version"
          value={choice.version ?? ''}
          disabled={choice.versions.length === 0}
          onChange={event => actions.chooseVersion(event.target.value === '' ? null : Number(event.target.value))}
        >
          {choice.versions.length === 0 && <option value="">{choice.loading ? 'loading…' : 'no versions'}</option>}
          {choice.versions.map(version => (
            <option key={version.version} value={version.version}>
              v{version.version} ({version.stage}){version.description ? ` — ${version.description}` : ''}
            </option>
          ))}
        </select>
      </Field>
      <ProblemAlert problem={choice.problem} />
      {detail && (
        <dl className="jp-mlportal-details" role="group" aria-label="Chosen version">
          <dt>Stage</dt>
          <dd data-field="stage">{detail.stage}</dd>
          <dt>In production</dt>
          <dd data-field="production">{choice.registered?.productionVersion ? `v${choice.registered.productionVersion}` : 'none'}</dd>
          <dt>Inputs</dt>
          <dd data-field="inputs">
            {detail.artifact.signature.inputs.map(input => `${input.name} ${input.elementType} [${input.shape.map(dim => dim ?? '?').join(', ')}]`).join('; ')}
          </dd>
          <dt>Metrics</dt>
          <dd data-field="metrics">
            {Object.keys(detail.metrics).length === 0
              ? 'none recorded'
              : Object.entries(detail.metrics)
                  .map(([key, value]) => `${key} ${formatNumber(value)}`)
                  .join(', ')}
          </dd>
        </dl>
      )}
    </div>
  );
}
