/** The "Register model" dialog's fields, as typed, and their checked form. */
import type { TranslationBundle } from '@jupyterlab/translation';
import { untranslated } from '../../ui/untranslated';

/** Where the ONNX bytes are: a variable of the kernel (a Uint8Array), or a file the cell wrote. */
export type ModelSource = { kind: 'variable'; name: string } | { kind: 'file'; path: string };

export interface IRegisterForm {
  sourceKind: ModelSource['kind'];
  /** The variable name or the file path, as typed. */
  sourceValue: string;
  name: string;
  description: string;
  /** One key=value a line. */
  metrics: string;
  tags: string;
}

export interface IRegisterRequest {
  source: ModelSource;
  name: string;
  description: string;
  metrics: Record<string, number>;
  tags: Record<string, string>;
}

/** The registry's rules (as its HTTP contract states them), checked before the kernel is asked. */
const MODEL_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/;
const KEY = /^[A-Za-z0-9_.\-/ ]{1,250}$/;
const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

export type FormCheck = { ok: true; request: IRegisterRequest } | { ok: false; problems: string[] };

/** Checks the fields; every problem is named, so the dialog can show them all at once. */
export function checkRegisterForm(form: IRegisterForm, trans: TranslationBundle = untranslated): FormCheck {
  const problems: string[] = [];
  const sourceValue = form.sourceValue.trim();
  let source: ModelSource | null = null;
  if (form.sourceKind === 'variable') {
    if (!IDENTIFIER.test(sourceValue)) {
      problems.push(
        sourceValue ? trans.__('"%1" is not a variable name.', sourceValue) : trans.__('Name the variable that holds the ONNX bytes.')
      );
    } else {
      source = { kind: 'variable', name: sourceValue };
    }
  } else if (!sourceValue) {
    problems.push(trans.__('Give the path of the ONNX file.'));
  } else {
    source = { kind: 'file', path: sourceValue };
  }
  const name = form.name.trim();
  if (!MODEL_NAME.test(name)) {
    problems.push(
      name
        ? trans.__('Model name "%1": use letters, digits, "_", "." or "-", starting with a letter or digit, at most 128 characters.', name)
        : trans.__('Give the model a name.')
    );
  }
  const metrics = keyValues(form.metrics, 'Metric', problems, trans, (raw, key) => {
    const value = Number(raw);
    if (raw === '' || !Number.isFinite(value)) {
      problems.push(trans.__('Metric %1: "%2" is not a finite number.', key, raw));
      return null;
    }
    return value;
  });
  const tags = keyValues(form.tags, 'Tag', problems, trans, (raw) => raw);
  if (problems.length > 0 || !source) {
    return { ok: false, problems };
  }
  return { ok: true, request: { source, name, description: form.description.trim(), metrics, tags } };
}

/** "key=value" lines (blank lines skipped) into a record; problems are pushed, not thrown. */
function keyValues<T>(
  text: string,
  what: 'Metric' | 'Tag',
  problems: string[],
  trans: TranslationBundle,
  value: (raw: string, key: string) => T | null
): Record<string, T> {
  const record: Record<string, T> = {};
  text.split('\n').forEach((line, index) => {
    if (!line.trim()) return;
    const equals = line.indexOf('=');
    if (equals < 0) {
      problems.push(
        what === 'Metric'
          ? trans.__('Metrics, line %1: write key=value.', index + 1)
          : trans.__('Tags, line %1: write key=value.', index + 1)
      );
      return;
    }
    const key = line.slice(0, equals).trim();
    const raw = line.slice(equals + 1).trim();
    if (!KEY.test(key)) {
      problems.push(
        what === 'Metric'
          ? trans.__('Metric key "%1": use letters, digits, spaces, "_", ".", "-" or "/" (1 to 250 characters).', key)
          : trans.__('Tag key "%1": use letters, digits, spaces, "_", ".", "-" or "/" (1 to 250 characters).', key)
      );
      return;
    }
    if (key in record) {
      problems.push(what === 'Metric' ? trans.__('Metric %1 is given twice.', key) : trans.__('Tag %1 is given twice.', key));
      return;
    }
    const parsed = value(raw, key);
    if (parsed !== null) record[key] = parsed;
  });
  return record;
}

/** A model name from the notebook's file name: "notebooks/Flights Delay.ipynb" → "Flights-Delay". */
export function suggestedModelName(notebookPath: string): string {
  const base = notebookPath
    .split('/')
    .pop()!
    .replace(/\.ipynb$/i, '');
  const cleaned = base
    .replace(/[^A-Za-z0-9_.-]+/g, '-')
    .replace(/^[^A-Za-z0-9]+/, '')
    .replace(/-+$/, '');
  return cleaned.slice(0, 128);
}
