import type { TranslationBundle } from '@jupyterlab/translation';
import type { LabellingItem } from '@mlportal/sdk/core';
import { ConnectedModel } from '../connection/connected-model';
import type { IConnectionModel, IConnectionState } from '../tokens';
import type { IProblem } from '../ui/problem';
import { untranslated } from '../ui/untranslated';
import { parseLabel } from './label-value';

export const LABELS_WRITE = 'labels:write';

export interface ILabellingState {
  deployment: string;
  items: LabellingItem[];
  loading: boolean;
  problem: IProblem | null;
  /** What the analyst typed, by prediction id. */
  drafts: Record<string, string>;
  /** Prediction ids whose label is on its way. */
  sending: string[];
  /** The last label sent, for the status line. */
  sent: { predictionId: string; label: string } | null;
  /** Whether the token may send labels; null while its identity is unknown. */
  mayLabel: boolean | null;
}

/**
 * A deployment's labelling queue: the low-confidence predictions not yet labelled, a label typed
 * per prediction and sent one at a time; a labelled prediction leaves the queue.
 */
export class LabellingModel extends ConnectedModel<ILabellingState> {
  private _generation = 0;

  constructor(
    connection: IConnectionModel,
    deployment: string,
    private readonly _limit: () => number,
    trans: TranslationBundle = untranslated
  ) {
    super(
      connection,
      { deployment, items: [], loading: false, problem: null, drafts: {}, sending: [], sent: null, mayLabel: mayLabel(connection.state) },
      trans
    );
  }

  async refresh(): Promise<void> {
    const generation = ++this._generation;
    this.setState({ ...this.state, loading: true });
    try {
      const items = await this.connection.client.monitoring.labellingQueue(this.state.deployment, { limit: this._limit() });
      if (generation === this._generation) {
        this.setState({ ...this.state, items, loading: false, problem: null });
      }
    } catch (error) {
      if (generation === this._generation) {
        this.setState({
          ...this.state,
          loading: false,
          problem: this.describeProblem(error, this.trans.__('Reading the labelling queue of %1', this.state.deployment))
        });
      }
    }
  }

  setDraft(predictionId: string, text: string): void {
    this.setState({ ...this.state, drafts: { ...this.state.drafts, [predictionId]: text } });
  }

  async send(predictionId: string): Promise<void> {
    const text = this.state.drafts[predictionId] ?? '';
    const label = parseLabel(text);
    if (label === null || this.state.sending.includes(predictionId)) {
      return;
    }
    this.setState({ ...this.state, sending: [...this.state.sending, predictionId] });
    try {
      await this.connection.client.labels.send([{ predictionId, label }]);
      const { [predictionId]: _sent, ...drafts } = this.state.drafts;
      this.setState({
        ...this.state,
        items: this.state.items.filter((item) => item.id !== predictionId),
        drafts,
        sending: this.state.sending.filter((id) => id !== predictionId),
        sent: { predictionId, label: String(label) },
        problem: null
      });
    } catch (error) {
      this.setState({
        ...this.state,
        sending: this.state.sending.filter((id) => id !== predictionId),
        problem: this.describeProblem(error, this.trans.__('Sending the label of %1', predictionId))
      });
    }
  }

  protected onConnectionState(state: IConnectionState): void {
    const may = mayLabel(state);
    if (may !== this.state.mayLabel) {
      this.setState({ ...this.state, mayLabel: may });
    }
  }
}

function mayLabel(state: IConnectionState): boolean | null {
  return state.identity ? state.identity.permissions.includes(LABELS_WRITE) : null;
}
