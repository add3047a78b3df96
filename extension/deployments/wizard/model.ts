import type { TranslationBundle } from '@jupyterlab/translation';
import { MlportalApiError, type GateResult, type ModelVersion } from '@mlportal/sdk/core';
import { ConnectedModel } from '../../connection/connected-model';
import type { IConnectionModel, IConnectionState } from '../../tokens';
import { DEPLOYMENT_PERMISSIONS, deploymentsPermissions } from '../permissions';
import { defaultConfig, deployRequest, type DeployRequest, type IConfigDraft } from './config';
import { defaultRules, parseRules, type IRuleDraft } from './gate-rules';
import { suggestDeploymentName } from './names';
import { WIZARD_STEPS, type IWizardState, type WizardStep } from './state';
import { parseTestRequest, sampleEntities, sampleInstances } from './test-request';

export interface IDeployWizardOptions {
  /** Between reads of the live status while the wizard shows it (default 5 s). */
  pollMs?: number;
  /** The plugin's translation bundle (the strings as written when none is given). */
  trans?: TranslationBundle;
}

const IDLE_LIVE = { name: null, deployment: null, problem: null, request: '', sending: false, result: null, requestProblem: null, sent: 0 };

/**
 * The deploy wizard's state and what each step asks of the backend: choose a model version, check
 * its gate (a dry run), configure, review the dry run's changes, deploy (or roll out to an existing
 * deployment of the same name), then watch it live and send test requests. Answers overtaken by a
 * newer request are dropped.
 */
export class DeployWizardModel extends ConnectedModel<IWizardState> {
  private _pollMs: number;
  private _visible = false;
  private _timer: ReturnType<typeof setInterval> | null = null;
  private _choiceGeneration = 0;
  private _gateGeneration = 0;
  private _reviewGeneration = 0;

  constructor(connection: IConnectionModel, options: IDeployWizardOptions = {}) {
    super(
      connection,
      {
        step: 'model',
        choice: { models: [], model: null, registered: null, versions: [], version: null, loading: false, problem: null },
        deployments: [],
        gate: { rules: [], compareToProduction: true, result: null, checking: false, overrideReason: '', problem: null },
        config: defaultConfig('', ''),
        review: { plan: null, loading: false, problem: null },
        deploy: { busy: false, problem: null, refusedGate: null },
        live: IDLE_LIVE,
        permissions: deploymentsPermissions(connection.state.identity)
      },
      options.trans
    );
    this._pollMs = options.pollMs ?? 5000;
  }

  /** The chosen version, once its model's versions are read. */
  get chosenVersion(): ModelVersion | null {
    const { versions, version } = this.state.choice;
    return versions.find((known) => known.version === version) ?? null;
  }

  /** The deployment the configured name points at: deploying then rolls the version out to it. */
  get existingDeployment(): IWizardState['deployments'][number] | null {
    const name = this.state.config.name.trim();
    return this.state.deployments.find((deployment) => deployment.name === name) ?? null;
  }

  async refresh(): Promise<void> {
    await Promise.all([this._loadModels(), this._loadDeployments(), this.state.step === 'live' ? this._loadLive() : Promise.resolve()]);
  }

  /** Starts over at the first step, with the model (and version) chosen when given. */
  async open(model?: string, version?: number): Promise<void> {
    this._stopPolling();
    this._patch({
      step: 'model',
      review: { plan: null, loading: false, problem: null },
      deploy: { busy: false, problem: null, refusedGate: null },
      live: IDLE_LIVE
    });
    await this.start();
    if (model) {
      await this.chooseModel(model, version);
    }
  }

  /** Reads the model's versions and chooses `version` (default the newest). */
  async chooseModel(name: string, version?: number): Promise<void> {
    const generation = ++this._choiceGeneration;
    this._patch({
      choice: { ...this.state.choice, model: name, registered: null, versions: [], version: null, loading: true, problem: null }
    });
    try {
      const [registered, versions] = await Promise.all([
        this.connection.client.models.get(name),
        this.connection.client.models.versions(name)
      ]);
      if (generation !== this._choiceGeneration) {
        return;
      }
      const chosen =
        version !== undefined && versions.some((known) => known.version === version) ? version : (versions[0]?.version ?? null);
      const problem =
        version !== undefined && chosen !== version
          ? this.describeProblem(new Error(this.trans.__('%1 has no version %2', name, version)), this.trans.__('Choosing the version'))
          : null;
      this._patch({ choice: { ...this.state.choice, registered, versions, loading: false, problem } });
      this.chooseVersion(chosen);
    } catch (error) {
      if (generation === this._choiceGeneration) {
        this._patch({
          choice: {
            ...this.state.choice,
            loading: false,
            problem: this.describeProblem(error, this.trans.__('Reading the versions of %1', name))
          }
        });
      }
    }
  }

  /** Chooses a version: the gate starts from its metrics, the configuration from where its model runs now. */
  chooseVersion(version: number | null): void {
    this._patch({ choice: { ...this.state.choice, version } });
    const detail = this.chosenVersion;
    const model = this.state.choice.model ?? '';
    const serving = this.state.deployments.find((deployment) => deployment.traffic.some((entry) => entry.model === model));
    this._gateGeneration++;
    this._patch({
      gate: {
        rules: defaultRules(detail?.metrics ?? {}),
        compareToProduction: true,
        result: null,
        checking: false,
        overrideReason: '',
        problem: null
      },
      config: defaultConfig(serving?.name ?? suggestDeploymentName(model), detail?.artifact.signature.outputs[0]?.name ?? ''),
      deploy: { busy: false, problem: null, refusedGate: null }
    });
  }

  // ------------------------------------------------------------ steps

  /** Why the wizard may not leave `step` forwards yet; null when it may. */
  blocker(step: WizardStep = this.state.step): string | null {
    const { choice, gate } = this.state;
    switch (step) {
      case 'model':
        return this.chosenVersion ? null : this.trans.__('Choose a model and one of its versions.');
      case 'gate':
        if (!gate.result) {
          return this.trans.__('Check the gate first.');
        }
        if (gate.result.passed) {
          return null;
        }
        if (!this.state.permissions?.overrideGate) {
          return this.trans.__('The gate failed: v%1 cannot be deployed.', choice.version);
        }
        return gate.overrideReason.trim() ? null : this.trans.__('The gate failed: give a reason to override it, or change the version.');
      case 'configure': {
        const built = this._deployRequest();
        return 'problem' in built ? built.problem : null;
      }
      case 'review':
        return this.state.permissions?.manage === false
          ? this.trans.__('Deploying needs the %1 permission.', DEPLOYMENT_PERMISSIONS.manage)
          : null;
      case 'live':
        return this.trans.__('This is the last step.');
    }
  }

  /** The next step, when the current one allows it; entering the review reads the dry run. */
  async next(): Promise<void> {
    const step = this.state.step;
    if (this.blocker(step) !== null || step === 'review' || step === 'live') {
      return;
    }
    const following = WIZARD_STEPS[WIZARD_STEPS.indexOf(step) + 1];
    this._patch({ step: following });
    if (following === 'review') {
      await this.loadReview();
    }
  }

  back(): void {
    const index = WIZARD_STEPS.indexOf(this.state.step);
    if (index > 0 && this.state.step !== 'live') {
      this._patch({ step: WIZARD_STEPS[index - 1], deploy: { busy: false, problem: null, refusedGate: null } });
    }
  }

  // ------------------------------------------------------------ gate

  setRule(index: number, change: Partial<IRuleDraft>): void {
    this._setRules(this.state.gate.rules.map((rule, at) => (at === index ? { ...rule, ...change } : rule)));
  }

  addRule(): void {
    const metric = Object.keys(this.chosenVersion?.metrics ?? {})[0] ?? '';
    this._setRules([...this.state.gate.rules, { metric, op: '>=', value: '' }]);
  }

  removeRule(index: number): void {
    this._setRules(this.state.gate.rules.filter((_, at) => at !== index));
  }

  setCompareToProduction(compare: boolean): void {
    this._gateGeneration++;
    this._patch({ gate: { ...this.state.gate, compareToProduction: compare, result: null, checking: false } });
  }

  setOverrideReason(reason: string): void {
    this._patch({ gate: { ...this.state.gate, overrideReason: reason } });
  }

  /** The gate as a dry run: the version's metrics against the thresholds and the production version. */
  async checkGate(): Promise<void> {
    const { model, version } = this.state.choice;
    const parsed = parseRules(this.state.gate.rules, this.trans);
    if (!model || version === null) {
      return;
    }
    if ('problem' in parsed) {
      this._patch({ gate: { ...this.state.gate, result: null, problem: { message: parsed.problem, status: null, requestId: null } } });
      return;
    }
    const generation = ++this._gateGeneration;
    this._patch({ gate: { ...this.state.gate, checking: true, problem: null } });
    try {
      const result = await this.connection.client.deployments.gate({
        model,
        version,
        thresholds: parsed.rules,
        compareToProduction: this.state.gate.compareToProduction
      });
      if (generation === this._gateGeneration) {
        this._patch({ gate: { ...this.state.gate, result, checking: false } });
      }
    } catch (error) {
      if (generation === this._gateGeneration) {
        this._patch({
          gate: {
            ...this.state.gate,
            result: null,
            checking: false,
            problem: this.describeProblem(error, this.trans.__('Checking the gate'))
          }
        });
      }
    }
  }

  // ------------------------------------------------------------ configure, review, deploy

  setConfig(change: Partial<IConfigDraft>): void {
    this._patch({ config: { ...this.state.config, ...change } });
  }

  /** The dry run of what Deploy would send: the changes against what runs now. */
  async loadReview(): Promise<void> {
    const built = this._deployRequest();
    const generation = ++this._reviewGeneration;
    if ('problem' in built) {
      this._patch({ review: { plan: null, loading: false, problem: { message: built.problem, status: null, requestId: null } } });
      return;
    }
    this._patch({ review: { plan: null, loading: true, problem: null }, deploy: { busy: false, problem: null, refusedGate: null } });
    try {
      const deployments = this.connection.client.deployments;
      const plan =
        built.kind === 'create' ? await deployments.plan(built.request) : await deployments.planRollout(built.name, built.request);
      if (generation === this._reviewGeneration) {
        this._patch({ review: { plan, loading: false, problem: null } });
      }
    } catch (error) {
      if (generation === this._reviewGeneration) {
        this._patch({
          review: { plan: null, loading: false, problem: this.describeProblem(error, this.trans.__('Reviewing the deployment')) }
        });
      }
    }
  }

  /** Deploys (or rolls out); on success the wizard shows the deployment live. */
  async deploy(): Promise<void> {
    const built = this._deployRequest();
    if ('problem' in built) {
      this._patch({ deploy: { busy: false, problem: { message: built.problem, status: null, requestId: null }, refusedGate: null } });
      return;
    }
    this._patch({ deploy: { busy: true, problem: null, refusedGate: null } });
    try {
      const deployments = this.connection.client.deployments;
      const deployment =
        built.kind === 'create' ? await deployments.create(built.request) : await deployments.rollout(built.name, built.request);
      this._patch({
        step: 'live',
        deploy: { busy: false, problem: null, refusedGate: null },
        live: { ...IDLE_LIVE, name: deployment.name, request: this._sampleRequest() }
      });
      await Promise.all([this._loadLive(), this._loadDeployments()]);
      this._startPolling();
    } catch (error) {
      const refusedGate = error instanceof MlportalApiError && error.code === 'gate_failed' ? (error.details as GateResult) : null;
      this._patch({ deploy: { busy: false, problem: this.describeProblem(error, this.trans.__('Deploying')), refusedGate } });
    }
  }

  // ------------------------------------------------------------ live

  setTestRequest(text: string): void {
    this._patch({ live: { ...this.state.live, request: text, requestProblem: null } });
  }

  /** Prefills the test request: zeros shaped like the signature, or the entity keys of the version's features. */
  async fillTestRequest(kind: 'instances' | 'entities'): Promise<void> {
    if (kind === 'instances') {
      this.setTestRequest(this._sampleRequest());
      return;
    }
    const groups = [...new Set((this.chosenVersion?.lineage.features ?? []).map((feature) => feature.group))];
    try {
      const joinKeys = new Set<string>();
      for (const group of groups) {
        (await this.connection.client.features.group(group)).joinKeys.forEach((key) => joinKeys.add(key.name));
      }
      this.setTestRequest(sampleEntities([...joinKeys]));
    } catch (error) {
      this._patch({
        live: { ...this.state.live, requestProblem: this.describeProblem(error, this.trans.__('Reading the entity keys of the features')) }
      });
    }
  }

  /** Sends the test request through the deployment's JSON predict route. */
  async sendTestRequest(): Promise<void> {
    const name = this.state.live.name;
    if (!name) {
      return;
    }
    const parsed = parseTestRequest(this.state.live.request, this.trans);
    if ('problem' in parsed) {
      this._patch({
        live: { ...this.state.live, result: null, requestProblem: { message: parsed.problem, status: null, requestId: null } }
      });
      return;
    }
    this._patch({ live: { ...this.state.live, sending: true, requestProblem: null } });
    try {
      const result = await this.connection.client.deployments.predict(name, parsed.input, parsed.options);
      this._patch({ live: { ...this.state.live, sending: false, result, sent: this.state.live.sent + 1 } });
    } catch (error) {
      this._patch({
        live: {
          ...this.state.live,
          sending: false,
          result: null,
          requestProblem: this.describeProblem(error, this.trans.__('The test request'))
        }
      });
    }
  }

  /** The live status is read again every few seconds only while the wizard is shown. */
  setVisible(visible: boolean): void {
    this._visible = visible;
    if (visible && this.state.step === 'live') {
      this._startPolling();
    } else if (!visible) {
      this._stopPolling();
    }
  }

  setPollInterval(ms: number): void {
    this._pollMs = ms;
    if (this._timer !== null) {
      this._stopPolling();
      this._startPolling();
    }
  }

  protected onConnectionState(state: IConnectionState): void {
    this._patch({ permissions: deploymentsPermissions(state.identity) });
  }

  protected onDispose(): void {
    this._stopPolling();
  }

  // ------------------------------------------------------------ plumbing

  private _deployRequest(): DeployRequest | { problem: string } {
    const { model, version } = this.state.choice;
    const parsed = parseRules(this.state.gate.rules, this.trans);
    if (!model || version === null) {
      return { problem: this.trans.__('Choose a model and one of its versions.') };
    }
    if ('problem' in parsed) {
      return { problem: parsed.problem };
    }
    const { result, overrideReason, compareToProduction } = this.state.gate;
    const override = result && !result.passed && overrideReason.trim() ? { reason: overrideReason.trim() } : undefined;
    return deployRequest(
      this.state.config,
      {
        model,
        version,
        gate: { thresholds: parsed.rules, compareToProduction },
        override,
        existing: this.existingDeployment
      },
      this.trans
    );
  }

  private _sampleRequest(): string {
    const signature = this.chosenVersion?.artifact.signature;
    return signature ? sampleInstances(signature) : '{"instances": []}';
  }

  private _setRules(rules: IRuleDraft[]): void {
    this._gateGeneration++;
    this._patch({ gate: { ...this.state.gate, rules, result: null, checking: false, problem: null } });
  }

  private async _loadModels(): Promise<void> {
    try {
      const models = (await this.connection.client.models.list()).map((model) => model.name).sort();
      this._patch({ choice: { ...this.state.choice, models } });
    } catch (error) {
      this._patch({
        choice: { ...this.state.choice, problem: this.describeProblem(error, this.trans.__('Listing the registered models')) }
      });
    }
  }

  private async _loadDeployments(): Promise<void> {
    try {
      this._patch({ deployments: await this.connection.client.deployments.list() });
    } catch {
      // Without the list every deployment looks new; the deploy step's 409 then names the clash.
    }
  }

  private async _loadLive(): Promise<void> {
    const name = this.state.live.name;
    if (!name) {
      return;
    }
    try {
      const deployment = await this.connection.client.deployments.get(name);
      if (this.state.live.name === name) {
        this._patch({ live: { ...this.state.live, deployment, problem: null } });
      }
    } catch (error) {
      if (this.state.live.name === name) {
        this._patch({ live: { ...this.state.live, problem: this.describeProblem(error, this.trans.__('Reading deployment %1', name)) } });
      }
    }
  }

  private _startPolling(): void {
    if (this._timer === null && this._visible && this.state.step === 'live') {
      this._timer = setInterval(() => void this._loadLive(), this._pollMs);
    }
  }

  private _stopPolling(): void {
    if (this._timer !== null) {
      clearInterval(this._timer);
      this._timer = null;
    }
  }

  private _patch(change: Partial<IWizardState>): void {
    this.setState({ ...this.state, ...change });
  }
}
