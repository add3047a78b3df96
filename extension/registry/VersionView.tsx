import * as React from 'react';
import { exactTime, formatNumber, relativeTime } from '../ui/format';
import { KeyValueTable } from '../ui/KeyValueTable';
import { PageFrame } from '../ui/PageFrame';
import { useTrans } from '../ui/TranslatorContext';
import { AliasBadges, StageBadge } from './Badges';
import { LineageView } from './LineageView';
import { ModelCard, type MarkdownRenderer } from './ModelCard';
import type { IRegistryPermissions } from './permissions';
import { SignatureTable } from './SignatureTable';
import type { IActionState, IVersionPage } from './state';
import type { LineageFeature, Stage } from '@mlportal/sdk/core';
import { VersionActions } from './VersionActions';

export interface IVersionViewProps {
  page: IVersionPage;
  permissions: IRegistryPermissions | null;
  roles: readonly string[] | null;
  action: IActionState;
  renderMarkdown: MarkdownRenderer | null;
  onBack(): void;
  onTransition(stage: Stage, options: { archiveExisting: boolean }): void;
  onSetAlias(alias: string): void;
  onDeleteAlias(alias: string): void;
  onReload(): void;
  onDismiss(): void;
  onOpenFeature: ((feature: LineageFeature) => void) | null;
  /** Opens the deploy wizard on this version; absent when there is none. */
  onDeploy?: ((model: string, version: number) => void) | null;
}

/** One model version: what it is, its signature, figures, card and lineage, and what may be done to it. */
export function VersionView(props: IVersionViewProps): JSX.Element {
  const trans = useTrans();
  const { page } = props;
  const detail = page.detail;
  return (
    <PageFrame
      className="jp-mlportal-version"
      label={trans.__('Model %1 version %2', page.name, page.version)}
      back={page.name}
      onBack={props.onBack}
      heading={
        <>
          {page.name} <span className="jp-mlportal-version-number">v{page.version}</span>
        </>
      }
      loading={page.loading}
      loaded={!!detail}
      problem={page.problem}
    >
      {detail && (
        <>
          <div className="jp-mlportal-badges">
            <StageBadge stage={detail.stage} />
            <AliasBadges aliases={detail.aliases} />
          </div>
          {detail.description && <p className="jp-mlportal-group-description">{detail.description}</p>}
          <dl className="jp-mlportal-details">
            <dt>{trans.__('Created')}</dt>
            <dd data-field="created" title={exactTime(detail.createdAt, trans)}>
              {trans.__('%1 by %2', relativeTime(detail.createdAt, trans), detail.createdBy)}
            </dd>
            <dt>{trans.__('Artifact')}</dt>
            <dd data-field="artifact" title={detail.artifact.sha256}>
              {trans.__('ONNX, %1 bytes, sha256 %2…', formatNumber(detail.artifact.size), detail.artifact.sha256.slice(0, 12))}
            </dd>
          </dl>
          {props.onDeploy && (
            <button type="button" className="jp-mlportal-button" onClick={() => props.onDeploy?.(page.name, page.version)}>
              {trans.__('Deploy')}
            </button>
          )}
          <VersionActions
            model={page.model}
            version={detail}
            permissions={props.permissions}
            roles={props.roles}
            action={props.action}
            onTransition={props.onTransition}
            onSetAlias={props.onSetAlias}
            onDeleteAlias={props.onDeleteAlias}
            onReload={props.onReload}
            onDismiss={props.onDismiss}
          />
          <h4>{trans.__('Signature')}</h4>
          <SignatureTable signature={detail.artifact.signature} />
          <h4>{trans.__('Metrics')}</h4>
          <KeyValueTable label={trans.__('Metrics')} values={detail.metrics} empty={trans.__('No metrics recorded.')} />
          <h4>{trans.__('Params')}</h4>
          <KeyValueTable label={trans.__('Params')} values={detail.params} empty={trans.__('No params recorded.')} />
          <h4>{trans.__('Tags')}</h4>
          <KeyValueTable label={trans.__('Tags')} values={detail.tags} empty={trans.__('No tags.')} />
          <h4>{trans.__('Lineage')}</h4>
          <LineageView lineage={detail.lineage} detail={page.lineage} onOpenFeature={props.onOpenFeature} />
          <h4>{trans.__('Model card')}</h4>
          <ModelCard card={detail.card} renderMarkdown={props.renderMarkdown} />
        </>
      )}
    </PageFrame>
  );
}
