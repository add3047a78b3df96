import type { FeatureDocument } from '../documents';
import { diffGroup, type GroupMetadata, type PhysicalSchema } from './schema-diff';

const feature = (name: string, type: FeatureDocument['type'], description = '', tags: string[] = []): FeatureDocument => ({
  name,
  type,
  description,
  tags
});

const base: PhysicalSchema & GroupMetadata = {
  entity: 'airport',
  joinKeys: [{ name: 'origin', type: 'string' }],
  eventTime: 'ts',
  features: [feature('delay_mean', 'float64', 'mean delay'), feature('flights', 'int64')],
  description: 'per airport',
  owner: 'ana',
  tags: ['flights'],
  online: true
};

describe('diffGroup', () => {
  it('finds nothing when nothing changed', () => {
    expect(diffGroup(base, { ...base })).toEqual({ breaking: [], metadata: [] });
  });

  it('calls removed, retyped and added features breaking', () => {
    const after = { ...base, features: [feature('delay_mean', 'int64', 'mean delay'), feature('late_share', 'float64')] };
    expect(diffGroup(base, after).breaking).toEqual([
      'feature delay_mean: float64 → int64',
      'feature flights removed',
      'feature late_share added (float64)'
    ]);
  });

  it('calls a new entity, other join keys or another event time breaking', () => {
    const after = {
      ...base,
      entity: 'route',
      joinKeys: [
        { name: 'origin', type: 'string' as const },
        { name: 'dest', type: 'string' as const }
      ],
      eventTime: 'day'
    };
    expect(diffGroup(base, after).breaking).toEqual([
      'entity: airport → route',
      'join keys: origin string → origin string, dest string',
      'event time: ts → day'
    ]);
  });

  it('keeps descriptions, owner, tags, online and feature order as metadata', () => {
    const after = {
      ...base,
      description: 'per origin airport',
      owner: 'bo',
      tags: ['flights', 'delays'],
      online: false,
      features: [feature('flights', 'int64', '', ['count']), feature('delay_mean', 'float64', 'average delay')]
    };
    const diff = diffGroup(base, after);
    expect(diff.breaking).toEqual([]);
    expect(diff.metadata).toEqual([
      'description',
      'owner: ana → bo',
      'tags',
      'online: true → false',
      'feature flights tags',
      'feature delay_mean description',
      'feature order'
    ]);
  });
});
