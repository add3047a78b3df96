import * as React from 'react';
import { formatNumber } from '../../../ui/format';
import { ProblemAlert } from '../../../ui/ProblemAlert';
import { useTrans } from '../../../ui/TranslatorContext';
import type { IWizardActions } from '../actions';
import type { IChoiceState } from '../state';
import { Field } from './Field';

/** Step 1: the model and the version to deploy (preselected when opened from the registry). */
export function ChooseStep({ choice, actions }: { choice: IChoiceState; actions: IWizardActions }): JSX.Element {
  const trans = useTrans();
  const models = choice.model && !choice.models.includes(choice.model) ? [choice.model, ...choice.models] : choice.models;
  const detail = choice.versions.find((version) => version.version === choice.version) ?? null;
  return (
    <div className="jp-mlportal-wizard-step">
      <Field label={trans.__('Model')}>
        <select
          className="jp-mlportal-filter-select"
          aria-label={trans.__('Model')}
          value={choice.model ?? ''}
          onChange={(event) => void actions.chooseModel(event.target.value)}
        >
          <option value="" disabled>
            {trans.__('choose a model')}
          </option>
          {models.map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </select>
      </Field>
      <Field label={trans.__('Version')}>
        <select
          className="jp-mlportal-filter-select"
          aria-label={trans.__('Version')}
          value={choice.version ?? ''}
          disabled={choice.versions.length === 0}
          onChange={(event) => actions.chooseVersion(event.target.value === '' ? null : Number(event.target.value))}
        >
          {choice.versions.length === 0 && <option value="">{choice.loading ? trans.__('loading…') : trans.__('no versions')}</option>}
          {choice.versions.map((version) => (
            <option key={version.version} value={version.version}>
              v{version.version} ({version.stage}){version.description ? ` — ${version.description}` : ''}
            </option>
          ))}
        </select>
      </Field>
      <ProblemAlert problem={choice.problem} />
      {detail && (
        <dl className="jp-mlportal-details" role="group" aria-label={trans.__('Chosen version')}>
          <dt>{trans.__('Stage')}</dt>
          <dd data-field="stage">{detail.stage}</dd>
          <dt>{trans.__('In production')}</dt>
          <dd data-field="production">
            {choice.registered?.productionVersion ? `v${choice.registered.productionVersion}` : trans.__('none')}
          </dd>
          <dt>{trans.__('Inputs')}</dt>
          <dd data-field="inputs">
            {detail.artifact.signature.inputs
              .map((input) => `${input.name} ${input.elementType} [${input.shape.map((dim) => dim ?? '?').join(', ')}]`)
              .join('; ')}
          </dd>
          <dt>{trans.__('Metrics')}</dt>
          <dd data-field="metrics">
            {Object.keys(detail.metrics).length === 0
              ? trans.__('none recorded')
              : Object.entries(detail.metrics)
                  .map(([key, value]) => `${key} ${formatNumber(value)}`)
                  .join(', ')}
          </dd>
        </dl>
      )}
    </div>
  );
}
