import type { TranslationBundle } from '@jupyterlab/translation';
import { ReactWidget } from '@jupyterlab/ui-components';
import type { QueueStatus } from '@mlportal/sdk/core';
import * as React from 'react';
import { TranslatorContext, useTrans } from '../../ui/TranslatorContext';
import { describeQueue, type ISubmitForm } from './form';

export interface ISubmitFormProps {
  form: ISubmitForm;
  queues: readonly QueueStatus[];
  /** What is sent, in words ("cell 3 after 1 setup cell, TypeScript"). */
  summary: string;
  /** Why the last submission was refused (the fields' checks, the code, or the backend's answer). */
  problems: readonly string[];
  onChange(change: Partial<ISubmitForm>): void;
}

/** The fields of the "Submit to GPU cluster" dialog. */
export function SubmitFormView({ form, queues, summary, problems, onChange }: ISubmitFormProps): JSX.Element {
  const trans = useTrans();
  const field = (label: string, key: keyof ISubmitForm, extra: React.InputHTMLAttributes<HTMLInputElement> = {}) => (
    <label className="jp-mlportal-field">
      <span>{label}</span>
      <input
        type="text"
        className="jp-mlportal-text-input"
        aria-label={label}
        data-field={key}
        value={form[key]}
        onChange={(event) => onChange({ [key]: event.target.value })}
        {...extra}
      />
    </label>
  );
  return (
    <div className="jp-mlportal-submit-form">
      {problems.length > 0 && (
        <ul role="alert" className="jp-mlportal-problem" aria-label={trans.__('Problems')}>
          {problems.map((problem) => (
            <li key={problem}>{problem}</li>
          ))}
        </ul>
      )}
      <p className="jp-mlportal-muted" data-field="summary">
        {summary}
      </p>
      {field(trans.__('Job name'), 'name')}
      <div className="jp-mlportal-submit-row">
        {field(trans.__('GPUs'), 'gpus', { inputMode: 'numeric' })}
        {field(trans.__('GPU type'), 'gpuType', { placeholder: trans.__('any, e.g. nvidia-a100') })}
      </div>
      {field(trans.__('Image'), 'image')}
      {field(trans.__('Timeout (minutes)'), 'timeoutMinutes', { inputMode: 'numeric' })}
      <label className="jp-mlportal-field">
        <span>{trans.__('Queue')}</span>
        <select
          className="jp-mlportal-text-input"
          aria-label={trans.__('Queue')}
          value={form.queue}
          onChange={(event) => onChange({ queue: event.target.value })}
        >
          {queues.length === 0 && <option value="">{trans.__("the backend's default queue")}</option>}
          {queues.map((queue) => (
            <option key={queue.name} value={queue.name}>
              {describeQueue(queue, trans)}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}

/** The dialog's body: holds the fields while the dialog is open; getValue() hands them to the command. */
export class SubmitDialogBody extends ReactWidget {
  private _form: ISubmitForm;

  constructor(
    form: ISubmitForm,
    private readonly _queues: readonly QueueStatus[],
    private readonly _summary: string,
    private readonly _problems: readonly string[],
    private readonly _trans: TranslationBundle
  ) {
    super();
    this._form = form;
    this.addClass('jp-mlportal-submit-dialog');
  }

  getValue(): ISubmitForm {
    return this._form;
  }

  protected render(): JSX.Element {
    return (
      <TranslatorContext.Provider value={this._trans}>
        <SubmitFormView
          form={this._form}
          queues={this._queues}
          summary={this._summary}
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
