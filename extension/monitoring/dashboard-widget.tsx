import { MainAreaWidget, ToolbarButton } from '@jupyterlab/apputils';
import type { IRenderMimeRegistry } from '@jupyterlab/rendermime';
import type { TranslationBundle } from '@jupyterlab/translation';
import { HTMLSelect, refreshIcon, ReactWidget } from '@jupyterlab/ui-components';
import type { Message } from '@lumino/messaging';
import { Panel, Widget } from '@lumino/widgets';
import type { Dashboard, DashboardKind } from '@mlportal/sdk/core';
import * as React from 'react';
import { DASHBOARD_WINDOWS, type DashboardModel, type IDashboardState } from './dashboard-model';
import { renderSection } from './panel-section';

function kindTitle(kind: DashboardKind, trans: TranslationBundle): string {
  switch (kind) {
    case 'analyst':
      return trans.__('Analyst');
    case 'product':
      return trans.__('Product');
    case 'business':
      return trans.__('Business');
  }
}

/**
 * The dashboard's panels, rebuilt whenever a new dashboard arrives. Its data-state is "loading"
 * while one is read, "ready" once every chart is drawn, "error" when the read failed.
 */
export class DashboardBody extends Panel {
  private readonly _problem = new Widget({ node: document.createElement('p') });
  private _sections: Widget[] = [];
  private _shown: Dashboard | null = null;
  private _pendingDraw: (() => void) | null = null;

  constructor(
    model: DashboardModel,
    private readonly _rendermime: IRenderMimeRegistry,
    private readonly _trans: TranslationBundle
  ) {
    super();
    this.addClass('jp-mlportal-dashboard');
    this.node.dataset.kind = model.state.kind;
    this.node.dataset.deployment = model.state.deployment;
    this._problem.addClass('jp-mlportal-problem');
    this._problem.node.setAttribute('role', 'alert');
    this._problem.hide();
    this.addWidget(this._problem);
    this.node.dataset.state = 'loading';
    model.stateChanged.connect((_, state) => this._show(state), this);
  }

  private _show(state: IDashboardState): void {
    this._problem.node.textContent = state.problem?.message ?? '';
    this._problem.setHidden(!state.problem);
    if (state.loading) {
      this.node.dataset.state = 'loading';
      return;
    }
    if (state.problem) {
      this.node.dataset.state = 'error';
      return;
    }
    if (!state.dashboard || state.dashboard === this._shown) {
      this.node.dataset.state = this._pendingDraw ? 'drawing' : 'ready';
      return;
    }
    this._shown = state.dashboard;
    for (const section of this._sections) section.dispose();
    const rendered = state.dashboard.panels.map((panel) => renderSection(panel, this._rendermime, this._trans));
    this._sections = rendered.map((section) => section.widget);
    for (const section of this._sections) this.addWidget(section);
    this.node.dataset.state = 'drawing';
    this._pendingDraw = () => {
      const shown = state.dashboard;
      void Promise.all(rendered.map((section) => section.draw())).then(() => {
        if (this._shown === shown && !this.isDisposed) this.node.dataset.state = 'ready';
      });
    };
    this._drawWhenShown();
  }

  protected onAfterShow(msg: Message): void {
    super.onAfterShow(msg);
    this._drawWhenShown();
  }

  /** Charts sized to their container are drawn only once it is on the page and has a width. */
  private _drawWhenShown(): void {
    if (this._pendingDraw && this.isVisible) {
      const draw = this._pendingDraw;
      this._pendingDraw = null;
      draw();
    }
  }
}

/** The time window of the dashboard, in its toolbar. */
function WindowSelect({ model, trans }: { model: DashboardModel; trans: TranslationBundle }): JSX.Element {
  return (
    <HTMLSelect
      aria-label={trans.__('Time window')}
      defaultValue={String(model.state.windowHours)}
      onChange={(event) => void model.setWindow(Number(event.currentTarget.value))}
      options={DASHBOARD_WINDOWS.map((window) => ({ value: String(window.hours), label: window.label(trans) }))}
    />
  );
}

/** A dashboard in the main area: the panels, and a toolbar with the time window and Refresh. */
export class DashboardWidget extends MainAreaWidget<DashboardBody> {
  constructor(
    readonly model: DashboardModel,
    rendermime: IRenderMimeRegistry,
    trans: TranslationBundle
  ) {
    super({ content: new DashboardBody(model, rendermime, trans) });
    const { kind, deployment } = model.state;
    this.id = dashboardWidgetId(kind, deployment);
    this.title.label = `${kindTitle(kind, trans)} · ${deployment}`;
    this.title.caption = trans.__('The %1 dashboard of the deployment %2', kind, deployment);
    this.title.closable = true;
    this.addClass('jp-mlportal-dashboard-widget');
    // MainAreaWidget names its content "main area content"; this one says which dashboard it is.
    this.content.node.setAttribute('aria-label', trans.__('%1 dashboard of %2', kindTitle(kind, trans), deployment));
    this.toolbar.addItem('window', ReactWidget.create(<WindowSelect model={model} trans={trans} />));
    this.toolbar.addItem(
      'refresh',
      new ToolbarButton({
        icon: refreshIcon,
        label: trans.__('Refresh'),
        tooltip: trans.__('Read the dashboard again'),
        onClick: () => void model.refresh()
      })
    );
  }

  dispose(): void {
    this.model.dispose();
    super.dispose();
  }
}

export function dashboardWidgetId(kind: string, deployment: string): string {
  return `mlportal-dashboard-${kind}-${deployment}`;
}
