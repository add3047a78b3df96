import * as React from 'react';
import { CompareView } from './CompareView';
import { ModelListView } from './ModelListView';
import type { MarkdownRenderer } from './ModelCard';
import { ModelView } from './ModelView';
import type { IRegistryState } from './state';
import type { LineageFeature, Stage } from '@mlportal/sdk/core';
import { VersionView } from './VersionView';

/** What the view asks of its owner; the model does all of it. */
export interface IRegistryActions {
  setQuery(query: string): void;
  search(): void;
  openModel(name: string): void;
  openVersion(name: string, version: number): void;
  setCompared(version: number, compared: boolean): void;
  openCompare(name: string): void;
  back(): void;
  reload(): void;
  transition(stage: Stage, options: { archiveExisting: boolean }): void;
  setAlias(alias: string): void;
  deleteAlias(alias: string): void;
  dismissAction(): void;
  /** Null when Feature Discovery is not there to open a feature in. */
  openFeature: ((feature: LineageFeature) => void) | null;
  /** Null when the deploy wizard is not there to open. */
  deploy: ((model: string, version: number) => void) | null;
}

export interface IRegistryViewProps {
  state: IRegistryState;
  roles: readonly string[] | null;
  actions: IRegistryActions;
  renderMarkdown: MarkdownRenderer | null;
}

/** The sidebar's body: the model list, or a model, a version, or a comparison. */
export function RegistryView({ state, roles, actions, renderMarkdown }: IRegistryViewProps): JSX.Element {
  const { page } = state;
  let body: JSX.Element;
  if (!page) {
    body = <ModelListView list={state.list} onQuery={actions.setQuery} onSearch={actions.search} onOpen={actions.openModel} />;
  } else if (page.kind === 'model') {
    body = (
      <ModelView
        page={page}
        onBack={actions.back}
        onOpenVersion={(version) => actions.openVersion(page.name, version)}
        onCompared={actions.setCompared}
        onCompare={() => actions.openCompare(page.name)}
      />
    );
  } else if (page.kind === 'version') {
    body = (
      <VersionView
        page={page}
        permissions={state.permissions}
        roles={roles}
        action={state.action}
        renderMarkdown={renderMarkdown}
        onBack={actions.back}
        onTransition={actions.transition}
        onSetAlias={actions.setAlias}
        onDeleteAlias={actions.deleteAlias}
        onReload={actions.reload}
        onDismiss={actions.dismissAction}
        onOpenFeature={actions.openFeature}
        onDeploy={actions.deploy}
      />
    );
  } else {
    body = <CompareView page={page} onBack={actions.back} onOpenVersion={(version) => actions.openVersion(page.name, version)} />;
  }
  return <div className="jp-mlportal-discovery jp-mlportal-registry">{body}</div>;
}
