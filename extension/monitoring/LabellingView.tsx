import type { LabellingItem } from '@mlportal/sdk/core';
import * as React from 'react';
import { ProblemAlert } from '../ui/ProblemAlert';
import { useTrans } from '../ui/TranslatorContext';
import { parseLabel } from './label-value';
import { LABELS_WRITE, type ILabellingState } from './labelling-model';

export interface ILabellingActions {
  setDraft(predictionId: string, text: string): void;
  send(predictionId: string): void;
  reload(): void;
}

function formatValue(value: unknown): string {
  if (typeof value === 'number') {
    return Number.isInteger(value) ? String(value) : value.toPrecision(4);
  }
  return value === null || value === undefined ? '—' : typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** The features (or, without feature names, the inputs) a prediction was made from. */
function Features({ item }: { item: LabellingItem }): JSX.Element {
  const values = item.features ?? item.inputs ?? {};
  return (
    <dl className="jp-mlportal-labelling-features">
      {Object.entries(values).map(([name, value]) => (
        <React.Fragment key={name}>
          <dt>{name}</dt>
          <dd>{formatValue(value)}</dd>
        </React.Fragment>
      ))}
    </dl>
  );
}

function Row({ item, state, actions }: { item: LabellingItem; state: ILabellingState; actions: ILabellingActions }): JSX.Element {
  const trans = useTrans();
  const draft = state.drafts[item.id] ?? '';
  const sending = state.sending.includes(item.id);
  const mayLabel = state.mayLabel === true;
  return (
    <tr data-prediction={item.id}>
      <td>
        <code>{item.id}</code>
        <div className="jp-mlportal-labelling-when">
          {new Date(item.at).toLocaleString()} · v{item.version}
        </div>
      </td>
      <td>
        <Features item={item} />
      </td>
      <td data-field="prediction">{formatValue(item.prediction)}</td>
      <td data-field="score">{formatValue(item.score)}</td>
      <td>
        <form
          className="jp-mlportal-labelling-form"
          onSubmit={(event) => {
            event.preventDefault();
            actions.send(item.id);
          }}
        >
          <input
            className="jp-mlportal-text-input"
            type="text"
            aria-label={trans.__('Label of %1', item.id)}
            value={draft}
            disabled={!mayLabel || sending}
            onChange={(event) => actions.setDraft(item.id, event.currentTarget.value)}
          />
          <button type="submit" className="jp-mlportal-button" disabled={!mayLabel || sending || parseLabel(draft) === null}>
            {sending ? trans.__('Sending…') : trans.__('Send')}
          </button>
        </form>
      </td>
    </tr>
  );
}

/** The labelling queue of a deployment: each low-confidence prediction, with a label to send. */
export function LabellingView({ state, actions }: { state: ILabellingState; actions: ILabellingActions }): JSX.Element {
  const trans = useTrans();
  // The deployment's name stands out in the sentence: the translated text is split around its placeholder.
  const [before, after = ''] = trans
    .__(
      'Predictions of %1 the model was least sure of, not yet labelled. A label is a number, true or false, or a class name; each one sent joins its prediction and leaves the queue.',
      '\u0000'
    )
    .split('\u0000');
  return (
    <div
      className="jp-mlportal-labelling"
      role="region"
      aria-label={trans.__('Labelling queue of %1', state.deployment)}
      data-state={state.loading ? 'loading' : 'ready'}
    >
      <p className="jp-mlportal-labelling-intro">
        {before}
        <strong>{state.deployment}</strong>
        {after}
      </p>
      {state.mayLabel === false && (
        <p className="jp-mlportal-note" role="note">
          {trans.__('Sending labels needs the %1 permission, which this token does not hold: the queue is shown read-only.', LABELS_WRITE)}
        </p>
      )}
      <ProblemAlert problem={state.problem} />
      {state.sent && (
        <p role="status" className="jp-mlportal-labelling-sent">
          {trans.__('Label %1 sent for %2.', state.sent.label, state.sent.predictionId)}
        </p>
      )}
      {state.items.length === 0 && !state.loading && !state.problem ? (
        <p className="jp-mlportal-empty">{trans.__('Nothing waits for a label.')}</p>
      ) : (
        <table className="jp-mlportal-table jp-mlportal-labelling-table" aria-label={trans.__('Predictions to label')}>
          <thead>
            <tr>
              <th scope="col">{trans.__('Prediction')}</th>
              <th scope="col">{trans.__('Features')}</th>
              <th scope="col">{trans.__('Predicted')}</th>
              <th scope="col">{trans.__('Score')}</th>
              <th scope="col">{trans.__('Label')}</th>
            </tr>
          </thead>
          <tbody>
            {state.items.map((item) => (
              <Row key={item.id} item={item} state={state} actions={actions} />
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
