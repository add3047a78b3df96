import type { TranslationBundle } from '@jupyterlab/translation';
import type { Comparison, ModelVersion, TensorSpec } from '@mlportal/sdk/core';
import { formatNumber } from '../ui/format';
import { untranslated } from '../ui/untranslated';

/** One row of the side-by-side comparison: a value per version, and whether they differ. */
export interface IComparisonRow {
  /** A metric's or param's name, or the row's name as written ("input x", "training set"): its data-key. */
  key: string;
  /** Its heading: the name, translated when it is the comparison's own word. */
  label: string;
  values: string[];
  differs: boolean;
}

export interface IComparisonSection {
  /** As written (the view translates it): its data-section. */
  title: 'Metrics' | 'Params' | 'Signature' | 'Lineage';
  rows: IComparisonRow[];
}

const MISSING = '—';

/**
 * The comparison as the sidebar shows it: metrics and params from the backend's answer, the
 * signature and lineage read from the versions themselves, every row flagged when its values differ.
 */
export function comparisonSections(comparison: Comparison, trans: TranslationBundle = untranslated): IComparisonSection[] {
  const { versions } = comparison;
  return [
    {
      title: 'Metrics',
      rows: comparison.metrics.map(({ key, values }) =>
        row(
          key,
          values.map((value) => (value === null ? MISSING : formatNumber(value)))
        )
      )
    },
    {
      title: 'Params',
      rows: comparison.params.map(({ key, values }) =>
        row(
          key,
          values.map((value) => value ?? MISSING)
        )
      )
    },
    { title: 'Signature', rows: signatureRows(versions, trans) },
    { title: 'Lineage', rows: lineageRows(versions, trans) }
  ];
}

/** "float32 [batch, 3]": a tensor's element type and shape, symbolic dimensions by name, unknown as "?". */
export function describeTensor(tensor: Pick<TensorSpec, 'elementType' | 'shape'>): string {
  return `${tensor.elementType} ${describeShape(tensor.shape)}`;
}

export function describeShape(shape: TensorSpec['shape']): string {
  return `[${shape.map((dimension) => (dimension === null ? '?' : String(dimension))).join(', ')}]`;
}

function signatureRows(versions: ModelVersion[], trans: TranslationBundle): IComparisonRow[] {
  const rows: IComparisonRow[] = [];
  for (const side of ['inputs', 'outputs'] as const) {
    const names = unique(versions.flatMap((version) => version.artifact.signature[side].map((tensor) => tensor.name)));
    for (const name of names) {
      rows.push(
        row(
          `${side === 'inputs' ? 'input' : 'output'} ${name}`,
          versions.map((version) => {
            const tensor = version.artifact.signature[side].find((candidate) => candidate.name === name);
            return tensor ? describeTensor(tensor) : MISSING;
          }),
          side === 'inputs' ? trans.__('input %1', name) : trans.__('output %1', name)
        )
      );
    }
  }
  rows.push(
    row(
      'opsets',
      versions.map((version) =>
        version.artifact.signature.opsets.map((opset) => `${opset.domain || 'ai.onnx'} ${opset.version}`).join(', ')
      ),
      trans.__('opsets')
    )
  );
  return rows;
}

function lineageRows(versions: ModelVersion[], trans: TranslationBundle): IComparisonRow[] {
  const field = (key: string, label: string, read: (version: ModelVersion) => string | undefined) =>
    row(
      key,
      versions.map((version) => read(version) || MISSING),
      label
    );
  return [
    field('run', trans.__('run'), (version) => version.lineage.runId),
    field('notebook', trans.__('notebook'), (version) => version.lineage.notebookPath),
    field('cell', trans.__('cell'), (version) => version.lineage.cellId),
    field('commit', trans.__('commit'), (version) => version.lineage.gitCommit),
    field('training set', trans.__('training set'), (version) => version.lineage.trainingSetId),
    field('features', trans.__('features'), (version) =>
      version.lineage.features.map((feature) => `${feature.group}@v${feature.version}:${feature.feature}`).join(', ')
    ),
    field('artifact', trans.__('artifact'), (version) => version.artifact.sha256.slice(0, 12))
  ];
}

function row(key: string, values: string[], label = key): IComparisonRow {
  return { key, label, values, differs: values.some((value) => value !== values[0]) };
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
