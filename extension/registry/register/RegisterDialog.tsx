import type { TranslationBundle } from '@jupyterlab/translation';
import { ReactWidget } from '@jupyterlab/ui-components';
import * as React from 'react';
import { TranslatorContext, useTrans } from '../../ui/TranslatorContext';
import type { IRegisterForm } from './form';

/** What the cell offers as the model's source, found in its code. */
export interface ISourceCandidates {
  variables: string[];
  files: string[];
}

export interface IRegisterFormProps {
  form: IRegisterForm;
  candidates: ISourceCandidates;
  /** Why the last submission was refused (the fields' checks, or the kernel's or backend's error). */
  problems: string[];
  onChange(change: Partial<IRegisterForm>): void;
}

/** The fields of the "Register model" dialog. */
export function RegisterFormView({ form, candidates, problems, onChange }: IRegisterFormProps): JSX.Element {
  const trans = useTrans();
  const suggestions = form.sourceKind === 'variable' ? candidates.variables : candidates.files;
  return (
    <div className="jp-mlportal-register-form">
      {problems.length > 0 && (
        <ul role="alert" className="jp-mlportal-problem" aria-label={trans.__('Problems')}>
          {problems.map((problem) => (
            <li key={problem}>{problem}</li>
          ))}
        </ul>
      )}
      <fieldset className="jp-mlportal-register-source">
        <legend>{trans.__('ONNX model from')}</legend>
        <label className="jp-mlportal-check">
          <input
            type="radio"
            name="mlportal-source"
            checked={form.sourceKind === 'variable'}
            onChange={() => onChange({ sourceKind: 'variable', sourceValue: candidates.variables.at(-1) ?? '' })}
          />
          {trans.__('a variable of the kernel (Uint8Array)')}
        </label>
        <label className="jp-mlportal-check">
          <input
            type="radio"
            name="mlportal-source"
            checked={form.sourceKind === 'file'}
            onChange={() => onChange({ sourceKind: 'file', sourceValue: candidates.files.at(-1) ?? '' })}
          />
          {trans.__('a file the cell wrote')}
        </label>
        <input
          type="text"
          className="jp-mlportal-text-input"
          aria-label={form.sourceKind === 'variable' ? trans.__('Variable') : trans.__('File path')}
          list="jp-mlportal-register-suggestions"
          placeholder={form.sourceKind === 'variable' ? trans.__('e.g. onnxBytes') : trans.__('e.g. model.onnx')}
          value={form.sourceValue}
          onChange={(event) => onChange({ sourceValue: event.target.value })}
        />
        <datalist id="jp-mlportal-register-suggestions">
          {suggestions.map((suggestion) => (
            <option key={suggestion} value={suggestion} />
          ))}
        </datalist>
        {suggestions.length === 0 && (
          <p className="jp-mlportal-muted">
            {form.sourceKind === 'variable'
              ? trans.__('The cell assigns no variable this dialog could find.')
              : trans.__('The cell names no .onnx file.')}
          </p>
        )}
      </fieldset>
      <label className="jp-mlportal-field">
        <span>{trans.__('Model name')}</span>
        <input
          type="text"
          className="jp-mlportal-text-input"
          data-field="model-name"
          aria-label={trans.__('Model name')}
          value={form.name}
          onChange={(event) => onChange({ name: event.target.value })}
        />
      </label>
      <label className="jp-mlportal-field">
        <span>{trans.__('Description')}</span>
        <textarea
          className="jp-mlportal-text-input"
          aria-label={trans.__('Description')}
          rows={2}
          value={form.description}
          onChange={(event) => onChange({ description: event.target.value })}
        />
      </label>
      <label className="jp-mlportal-field">
        <span>{trans.__('Metrics (key=value, one a line)')}</span>
        <textarea
          className="jp-mlportal-text-input"
          aria-label={trans.__('Metrics')}
          rows={3}
          placeholder={'rmse=0.42\nr2=0.91'}
          value={form.metrics}
          onChange={(event) => onChange({ metrics: event.target.value })}
        />
      </label>
      <label className="jp-mlportal-field">
        <span>{trans.__('Tags (key=value, one a line)')}</span>
        <textarea
          className="jp-mlportal-text-input"
          aria-label={trans.__('Tags')}
          rows={2}
          placeholder="team=flights"
          value={form.tags}
          onChange={(event) => onChange({ tags: event.target.value })}
        />
      </label>
    </div>
  );
}

/** The dialog's body: holds the fields while the dialog is open; getValue() hands them to the command. */
export class RegisterDialogBody extends ReactWidget {
  private _form: IRegisterForm;

  constructor(
    form: IRegisterForm,
    private readonly _candidates: ISourceCandidates,
    private readonly _problems: string[],
    private readonly _trans: TranslationBundle
  ) {
    super();
    this._form = form;
    this.addClass('jp-mlportal-register-dialog');
  }

  getValue(): IRegisterForm {
    return this._form;
  }

  protected render(): JSX.Element {
    return (
      <TranslatorContext.Provider value={this._trans}>
        <RegisterFormView
          form={this._form}
          candidates={this._candidates}
          problems={this._problems}
          onChange={(change) => {
            this._form = { ...this._form, ...change };
            this.update();
          }}
        />
      </TranslatorContext.Provider>
    );
  }
}
