import { cellCode, stringLiteral } from './cell-code';
import type { IExampleEntities } from './example-entities';

const examples: IExampleEntities = {
  joinKeys: [{ name: 'origin', type: 'string' }],
  timestampColumn: 'ts',
  rows: [
    { origin: 'SFO', ts: '2001-06-30T00:00:00.000Z' },
    { origin: 'LAX', ts: '2001-06-30T00:00:00.000Z' }
  ],
  fromData: true
};
const references = ['airport_delay_7d:mean_delay_7d', 'airport_delay_7d:flights_7d'];

describe('cellCode', () => {
  it('builds a point-in-time training set with the SDK and ends on its first rows', () => {
    const code = cellCode('training-set', { references, examples });
    expect(code).toContain("import { features } from '@mlportal/sdk';");
    expect(code).toContain(
      [
        'const entityRows = [',
        "  { origin: 'SFO', ts: '2001-06-30T00:00:00.000Z' },",
        "  { origin: 'LAX', ts: '2001-06-30T00:00:00.000Z' },",
        '];'
      ].join('\n')
    );
    expect(code).toContain(
      [
        'const trainingSet = await features.trainingSet({',
        '  entities: entityRows,',
        "  timestampColumn: 'ts',",
        '  features: [',
        "    'airport_delay_7d:mean_delay_7d',",
        "    'airport_delay_7d:flights_7d',",
        '  ],'
      ].join('\n')
    );
    expect(code.split('\n').at(-1)).toBe('trainingSet.rows().slice(0, 10)');
    expect(code).not.toContain('Replace the example');
  });

  it('fetches online values for the distinct keys', () => {
    const code = cellCode('online', { references, examples });
    expect(code).toContain("const entityKeys = [\n  { origin: 'SFO' },\n  { origin: 'LAX' },\n];");
    expect(code).toContain('const online = await features.online({');
    expect(code.split('\n').at(-1)).toBe('online.rows().slice(0, 10)');
  });

  it('says why the keys must be replaced when they are placeholders', () => {
    const code = cellCode('training-set', {
      references: references.slice(0, 1),
      examples: { ...examples, rows: [{ origin: '<origin>', ts: '2001-06-30T00:00:00.000Z' }], fromData: false },
      placeholderReason: 'rows are not visible to this token'
    });
    expect(code).toContain('// Replace the example origin values below: rows are not visible to this token');
    expect(code).toContain('a point-in-time training set of airport_delay_7d:mean_delay_7d.');
  });
});

describe('stringLiteral', () => {
  it('escapes quotes, backslashes and line breaks into a valid TypeScript string', () => {
    const text = 'it\'s a "test"\\\nnext';
    const literal = stringLiteral(text);
    expect(literal.startsWith("'")).toBe(true);
    // The literal evaluates back to the text.
    // eslint-disable-next-line @typescript-eslint/no-implied-eval -- evaluating the generated literal is the test
    expect(new Function(`return ${literal};`)()).toBe(text);
  });
});
