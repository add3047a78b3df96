import type { LabellingItem } from '@mlportal/sdk/core';
import * as React from 'react';
import { ProblemAlert } from '../features/ProblemAlert';
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
          onSubmit={event => {
            event.preventDefault();
            actions.send(item.id);
          }}
        >
          <input
            className="jp-mlportal-text-input"
            type="text"
            aria-label={`Label of ${item.id}`}
            value={draft}
            disabled={!mayLabel || sending}
            onChange={event => actions.setDraft(item.id, event.currentTarget.value)}
          />
          <button type="submit" className="jp-mlportal-button" disabled={!mayLabel || sending || parseLabel(draft) === null}>
            {sending ? 'Sending…' : 'Send'}
          </button>
        </form>
      </td>
    </tr>
  );
}

/** The labelling queue of a deployment: each low-confidence prediction, with a label to send. */
export function LabellingView({ state, actions }: { state: ILabellingState; actions: ILabellingActions }): JSX.Element {
  return (
    <div className="jp-mlportal-labelling" role="region" aria-label={`Labelling queue of ${state.deployment}`} data-state={state.loading ? 'loading' : 'ready'}>
      <p className="jp-mlportal-labelling-intro">
        Predictions of <strong>{state.deployment}</strong> the model was least sure of, not yet labelled. A label is a number, true or false, or a class name; each one
        sent joins its prediction and leaves the queue.
      </p>
      {state.mayLabel === false && (
        <p className="jp-mlportal-note" role="note">
          Sending labels needs the {LABELS_WRITE} permission, which this token does not hold: the queue is shown read-only.
        </p>
      )}
      <ProblemAlert problem={state.problem} />
      {state.sent && (
        <p role="status" className="jp-mlportal-labelling-sent">
          Label {state.sent.label} sent for {state.sent.predictionId}.
        </p>
      )}
      {state.items.length === 0 && !state.loading && !state.problem ? (
        <p className="jp-mlportal-empty">Nothing waits for a label.</p>
      ) : (
        <table className="jp-mlportal-table jp-mlportal-labelling-table" aria-label="Predictions to label">
          <thead>
            <tr>
              <th scope="col">Prediction</th>
              <th scope="col">Features</th>
              <th scope="col">Predicted</th>
              <th scope="col">Score</th>
              <th scope="col">Label</th>
            </tr>
          </thead>
          <tbody>
            {state.items.map(item => (
              <Row key={item.id} item={item} state={state} actions={actions} />
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
