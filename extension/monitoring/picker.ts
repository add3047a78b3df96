import { Dialog, showDialog } from '@jupyterlab/apputils';
import type { TranslationBundle } from '@jupyterlab/translation';
import { Widget } from '@lumino/widgets';
import { DASHBOARD_KINDS, type DashboardKind } from '@mlportal/sdk/core';
import type { IMlportalClient } from '../tokens';

export interface IPicked {
  kind: DashboardKind;
  deployment: string;
}

function kindLabel(kind: DashboardKind, trans: TranslationBundle): string {
  switch (kind) {
    case 'analyst':
      return trans.__('Analyst: feature distributions, drift, skew');
    case 'product':
      return trans.__('Product: quality, latency against the SLO, adoption, canary');
    case 'business':
      return trans.__('Business: prediction volume and the outcome KPI');
  }
}

/** The dialog's body: the dashboard kind (when asked for) and the deployment, from the backend's list. */
class PickerBody extends Widget implements Dialog.IBodyWidget<IPicked> {
  private readonly _kind: HTMLSelectElement | null;
  private readonly _deployment: HTMLSelectElement | HTMLInputElement;

  constructor(deployments: string[], initial: Partial<IPicked>, askKind: boolean, trans: TranslationBundle) {
    super();
    this.addClass('jp-mlportal-picker');
    this._kind = askKind
      ? this._field(
          trans.__('Dashboard'),
          select(
            DASHBOARD_KINDS.map((kind) => [kind, kindLabel(kind, trans)]),
            initial.kind
          )
        )
      : null;
    // Without a list (none yet, or it could not be read) the name is typed.
    this._deployment =
      deployments.length > 0
        ? this._field(
            trans.__('Deployment'),
            select(
              deployments.map((name) => [name, name]),
              initial.deployment
            )
          )
        : this._field(
            trans.__('Deployment'),
            Object.assign(document.createElement('input'), { type: 'text', value: initial.deployment ?? '' })
          );
  }

  getValue(): IPicked {
    return { kind: (this._kind?.value ?? 'analyst') as DashboardKind, deployment: this._deployment.value.trim() };
  }

  private _field<T extends HTMLElement>(labelText: string, control: T): T {
    const label = document.createElement('label');
    label.textContent = labelText;
    label.appendChild(control);
    this.node.appendChild(label);
    return control;
  }
}

function select(options: Array<[string, string]>, selected: string | undefined): HTMLSelectElement {
  const element = document.createElement('select');
  for (const [value, text] of options) {
    element.appendChild(Object.assign(document.createElement('option'), { value, textContent: text, selected: value === selected }));
  }
  return element;
}

async function deploymentNames(client: IMlportalClient): Promise<string[]> {
  try {
    return (await client.deployments.list()).map((deployment) => deployment.name).sort();
  } catch (error) {
    console.warn('mlportal: could not list the deployments for the picker; the name is typed instead.', error);
    return [];
  }
}

/** Asks for what the command was not given; null when the user cancels or names no deployment. */
export async function pick(
  client: IMlportalClient,
  initial: Partial<IPicked>,
  askKind: boolean,
  title: string,
  accept: string,
  trans: TranslationBundle
): Promise<IPicked | null> {
  const body = new PickerBody(await deploymentNames(client), initial, askKind, trans);
  const result = await showDialog({
    title,
    body,
    buttons: [Dialog.cancelButton({ label: trans.__('Cancel') }), Dialog.okButton({ label: accept })]
  });
  if (!result.button.accept || !result.value || result.value.deployment === '') {
    return null;
  }
  return result.value;
}
