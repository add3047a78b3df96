import type { IConfigDraft } from './config';
import type { IRuleDraft } from './gate-rules';

/** What the wizard's views ask of its model. */
export interface IWizardActions {
  chooseModel(name: string): Promise<void>;
  chooseVersion(version: number | null): void;
  next(): Promise<void>;
  back(): void;
  setRule(index: number, change: Partial<IRuleDraft>): void;
  addRule(): void;
  removeRule(index: number): void;
  setCompareToProduction(compare: boolean): void;
  setOverrideReason(reason: string): void;
  checkGate(): Promise<void>;
  setConfig(change: Partial<IConfigDraft>): void;
  loadReview(): Promise<void>;
  deploy(): Promise<void>;
  setTestRequest(text: string): void;
  fillTestRequest(kind: 'instances' | 'entities'): Promise<void>;
  sendTestRequest(): Promise<void>;
  /** The Deployments sidebar, when it is there. */
  openDeployments(): void;
}
