import { type LabIcon, SidePanel } from '@jupyterlab/ui-components';
import type { Message } from '@lumino/messaging';
import { Panel, type Widget } from '@lumino/widgets';

export interface IModelSidePanelOptions {
  id: string;
  /** Styles this sidebar, beside the jp-mlportal-panel every mlportal sidebar has. */
  className: string;
  icon: LabIcon;
  /** The tab's caption and the panel's aria-label. */
  label: string;
}

/**
 * A left-sidebar shell: a toolbar (its buttons come from the plugin's schema) above the body.
 * Nothing is fetched until the panel is first shown: then it starts its model.
 */
export class ModelSidePanel extends SidePanel {
  constructor(
    private readonly _model: { start(): Promise<void> },
    body: Widget,
    options: IModelSidePanelOptions
  ) {
    super({ content: new Panel() });
    this.id = options.id;
    this.addClass('jp-mlportal-panel');
    this.addClass(options.className);
    this.title.icon = options.icon;
    this.title.caption = options.label;
    this.node.setAttribute('aria-label', options.label);
    this.addWidget(body);
  }

  protected onAfterShow(msg: Message): void {
    super.onAfterShow(msg);
    void this._model.start();
  }
}
