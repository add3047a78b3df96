import type { Comparison, ModelVersion, RegisteredModel } from '@mlportal/sdk/core';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { CompareView } from './CompareView';
import { registryPermissions } from './permissions';
import { IDLE_ACTION, type IActionState, type IVersionPage } from './state';
import { aliasProblem } from './VersionActions';
import { VersionView } from './VersionView';

const model: RegisteredModel = {
  name: 'flights-delay',
  description: '',
  tags: {},
  aliases: { champion: 1 },
  latestVersion: 2,
  versionCount: 2,
  productionVersion: null,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  createdBy: 'admin',
  revision: 4
};

function version(number: number, change: Partial<ModelVersion> = {}): ModelVersion {
  return {
    model: 'flights-delay',
    version: number,
    description: 'linear baseline',
    stage: 'none',
    aliases: [],
    artifact: {
      sha256: 'ab'.repeat(32),
      size: 1234,
      format: 'onnx',
      signature: {
        inputs: [{ name: 'input', elementType: 'float32', shape: ['batch', 2] }],
        outputs: [{ name: 'prediction', elementType: 'float32', shape: ['batch', null] }],
        opsets: [{ domain: '', version: 17 }],
        producer: 'mlportal',
        irVersion: 8
      }
    },
    metrics: { rmse: 0.25 },
    params: { lr: '0.1' },
    tags: { team: 'flights' },
    card: '# Flights delay',
    lineage: {
      notebookPath: 'work/train.ipynb',
      cellId: 'cell-1',
      trainingSetId: 'ts_1',
      features: [{ group: 'airport_delays', version: 2, feature: 'delay_mean', reference: 'airport_delays@v2:delay_mean' }]
    },
    createdAt: '2026-01-01T00:00:00.000Z',
    createdBy: 'admin',
    updatedAt: '2026-01-01T00:00:00.000Z',
    revision: 1,
    ...change
  };
}

function renderVersion(permissions: string[], action: IActionState = IDLE_ACTION, detail = version(1, { aliases: ['champion'] })): string {
  const page: IVersionPage = {
    kind: 'version',
    name: 'flights-delay',
    version: 1,
    loading: false,
    model,
    detail,
    lineage: null,
    problem: null
  };
  const noop = () => undefined;
  return renderToStaticMarkup(
    createElement(VersionView, {
      page,
      permissions: registryPermissions({ permissions }),
      roles: ['business'],
      action,
      renderMarkdown: null,
      onBack: noop,
      onTransition: noop,
      onSetAlias: noop,
      onDeleteAlias: noop,
      onReload: noop,
      onDismiss: noop,
      onOpenFeature: noop
    })
  );
}

describe('VersionView', () => {
  it('shows the signature with element types and shapes, figures, lineage with clickable features, and the card', () => {
    const html = renderVersion(['models:read', 'models:promote']);
    expect(html).toContain(
      '<tr data-side="input" data-tensor="input"><th scope="row">input</th><td><code>input</code></td><td data-field="element-type">float32</td><td data-field="shape">[batch, 2]</td></tr>'
    );
    expect(html).toContain('<td data-field="shape">[batch, ?]</td>');
    expect(html).toContain('ONNX IR 8; opsets ai.onnx 17; made by mlportal');
    expect(html).toContain('<tr data-key="rmse"><th scope="row">rmse</th><td title="0.25">0.25</td></tr>');
    expect(html).toContain('<dd data-field="notebook" title="work/train.ipynb">work/train.ipynb</dd>');
    expect(html).toContain(
      'title="Open airport_delays in Feature Discovery">airport_delays:delay_mean</button><span class="jp-mlportal-badge" data-field="feature-version">v2</span>'
    );
    expect(html).toContain('<pre class="jp-mlportal-model-card" aria-label="Model card"># Flights delay</pre>');
    expect(html).toContain('data-alias="champion"');
  });

  it('offers the stages and alias editing the permissions allow, and says why when none', () => {
    const engineer = renderVersion(['models:read', 'models:promote']);
    expect(engineer).toContain('<option value="staging">staging</option><option value="archived">archived</option></select>');
    expect(engineer).not.toContain('<option value="production">');
    expect(engineer).toContain('aria-label="Remove alias champion"');
    expect(engineer).toContain('>Set alias</button>');

    const business = renderVersion(['models:read']);
    expect(business).toContain('aria-label="New stage" disabled=""');
    expect(business).toContain(
      'Changing a version&#x27;s stage needs the models:promote permission, which the business role does not hold.'
    );
    expect(business).not.toContain('Remove alias champion');
    expect(business).toContain('Setting aliases needs the models:promote permission.');

    const production = renderVersion(['models:read', 'models:promote'], IDLE_ACTION, version(1, { stage: 'production' }));
    expect(production).toContain('Moving a version out of production needs the models:promote-production permission');
  });

  it('shows a stale-revision refusal with a Reload button', () => {
    const html = renderVersion(['models:promote'], {
      busy: false,
      stale: true,
      done: null,
      problem: {
        message: 'Moving version 1 was refused: someone changed it since this page was read (409 stale revision).',
        status: 409,
        requestId: 'req-1'
      }
    });
    expect(html).toContain('role="alert" class="jp-mlportal-problem" data-stale="true"');
    expect(html).toContain('(request id req-1)');
    expect(html).toContain('>Reload</button>');
  });
});

describe('CompareView', () => {
  it('highlights the rows whose values differ', () => {
    const comparison: Comparison = {
      versions: [version(1), version(2, { stage: 'staging', lineage: { features: [] } })],
      metrics: [{ key: 'rmse', values: [0.25, 0.2] }],
      params: [{ key: 'lr', values: ['0.1', '0.1'], differs: false }],
      signatureDiffers: false
    };
    const html = renderToStaticMarkup(
      createElement(CompareView, {
        page: { kind: 'compare', name: 'flights-delay', versions: [1, 2], loading: false, comparison, problem: null },
        onBack: () => undefined,
        onOpenVersion: () => undefined
      })
    );
    expect(html).toContain('aria-label="Compare flights-delay v1 and v2"');
    expect(html).toContain(
      '<tr data-key="rmse" data-differs="true" class="jp-mlportal-differs"><th scope="row">rmse</th><td title="0.25">0.25</td><td title="0.2">0.2</td></tr>'
    );
    expect(html).toContain('<tr data-key="lr" data-differs="false"><th scope="row">lr</th>');
    expect(html).toContain('<tr data-key="input input" data-differs="false">');
    expect(html).toContain(
      '<tr data-key="notebook" data-differs="true" class="jp-mlportal-differs"><th scope="row">notebook</th><td title="work/train.ipynb">work/train.ipynb</td><td title="—">—</td></tr>'
    );
  });
});

describe('aliasProblem', () => {
  it('checks the registry’s alias rule and an alias already here', () => {
    expect(aliasProblem('challenger', model, 2)).toBeNull();
    expect(aliasProblem('champion', model, 2)).toBeNull();
    expect(aliasProblem('champion', model, 1)).toBe('champion already points at this version.');
    for (const bad of ['Champion', 'latest', 'v2', '1st', 'a b']) {
      expect(aliasProblem(bad, model, 1)).toMatch(/^An alias is lower case letters/);
    }
  });
});
