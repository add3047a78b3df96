/**
 * Finding features: a search over groups and their features by words (names, descriptions, tags),
 * tag, owner, entity and type, and usage (which training sets, and through them which models, used
 * a feature). The catalog is small next to the data (hundreds of groups), so the search reads it
 * whole and ranks in memory.
 */
import type { GroupCatalog } from './catalog/groups';
import type { UsageDocument } from './documents';
import type { SearchHit, SearchQuery, Usage } from '@mlportal/contract';
import type { TrainingSetService } from './training-sets';

/** The model registry fills this in: which models were trained on which training sets. */
export interface ModelUsageSource {
  modelsTrainedOn(trainingSetIds: string[]): Promise<Array<{ model: string; version: string; trainingSetId: string }>>;
}

export const DEFAULT_SEARCH_LIMIT = 100;

interface Candidate {
  hit: SearchHit;
  score: number;
}

export class Discovery {
  private models: ModelUsageSource | undefined;

  constructor(
    private readonly groups: GroupCatalog,
    private readonly trainingSets: TrainingSetService
  ) {}

  /** Called once by whoever wires the model registry in. */
  setModelUsageSource(source: ModelUsageSource): void {
    this.models = source;
  }

  async search(query: SearchQuery): Promise<{ results: SearchHit[]; total: number }> {
    const groups = await this.groups.listDocuments();
    const versions = await this.groups.currentVersions(groups);
    const usage = await this.usageCounts(groups.map((g) => g.name));
    const words = (query.q ?? '').toLowerCase().split(/\s+/).filter(Boolean);
    const candidates: Candidate[] = [];
    for (const group of groups) {
      if (query.owner !== undefined && group.owner.toLowerCase() !== query.owner.toLowerCase()) continue;
      if (query.entity !== undefined && group.entity !== query.entity) continue;
      const common = {
        group: group.name,
        owner: group.owner,
        entity: group.entity,
        version: group.version,
        freshness: versions.get(group.name)?.freshness.maxEventTime ?? null
      };
      if (query.kind !== 'feature' && query.type === undefined && (query.tag === undefined || group.tags.includes(query.tag))) {
        const score = matchScore(words, group.name, [group.description, ...group.tags]);
        if (score > 0) {
          candidates.push({
            hit: {
              kind: 'group',
              ...common,
              description: group.description,
              tags: group.tags,
              usage: { trainingSets: usage.get(group.name)?.size ?? 0 }
            },
            score
          });
        }
      }
      if (query.kind === 'group') continue;
      for (const feature of group.features) {
        if (query.type !== undefined && feature.type !== query.type) continue;
        if (query.tag !== undefined && !feature.tags.includes(query.tag) && !group.tags.includes(query.tag)) continue;
        const score = matchScore(words, feature.name, [feature.description, ...feature.tags, group.name, group.description, ...group.tags]);
        if (score === 0) continue;
        candidates.push({
          hit: {
            kind: 'feature',
            ...common,
            feature: feature.name,
            reference: `${group.name}:${feature.name}`,
            type: feature.type,
            description: feature.description,
            tags: feature.tags,
            usage: { trainingSets: usage.get(`${group.name}:${feature.name}`)?.size ?? 0 }
          },
          score
        });
      }
    }
    candidates.sort(
      (a, b) => b.score - a.score || a.hit.group.localeCompare(b.hit.group) || (a.hit.feature ?? '').localeCompare(b.hit.feature ?? '')
    );
    return { results: candidates.slice(0, query.limit ?? DEFAULT_SEARCH_LIMIT).map((c) => c.hit), total: candidates.length };
  }

  /** Training sets (newest first) that used the group, or one of its features, and the models trained on them. */
  async usage(groupName: string, feature?: string): Promise<Usage> {
    const group = await this.groups.require(groupName);
    const rows = await this.trainingSets.usage.find(feature === undefined ? { group: group.name } : { group: group.name, feature });
    const byTrainingSet = new Map<string, UsageDocument[]>();
    for (const row of rows) byTrainingSet.set(row.trainingSetId, [...(byTrainingSet.get(row.trainingSetId) ?? []), row]);
    const sets = await this.trainingSets.findMany([...byTrainingSet.keys()]);
    const models = this.models && sets.length > 0 ? await this.models.modelsTrainedOn(sets.map((s) => s._id)) : [];
    return {
      group: group.name,
      ...(feature !== undefined ? { feature } : {}),
      trainingSets: sets.map((set) => {
        const used = byTrainingSet.get(set._id)!;
        return {
          id: set._id,
          ...(set.name !== undefined ? { name: set.name } : {}),
          version: used[0].version,
          features: used.map((u) => u.feature).sort(),
          rowCount: set.rowCount,
          createdAt: set.createdAt,
          createdBy: set.createdBy
        };
      }),
      models
    };
  }

  /** "group" and "group:feature" → the ids of the training sets that used them. */
  private async usageCounts(groups: string[]): Promise<Map<string, Set<string>>> {
    const counts = new Map<string, Set<string>>();
    if (groups.length === 0) return counts;
    const add = (key: string, id: string) => counts.set(key, (counts.get(key) ?? new Set()).add(id));
    for (const row of await this.trainingSets.usage.find({ group: { $in: groups } })) {
      add(row.group, row.trainingSetId);
      add(`${row.group}:${row.feature}`, row.trainingSetId);
    }
    return counts;
  }
}

/**
 * 0 when some word is found nowhere; otherwise higher for words in the name (exact name highest)
 * than in descriptions and tags. No words: everything matches equally.
 */
export function matchScore(words: string[], name: string, other: string[]): number {
  if (words.length === 0) return 1;
  const lowerName = name.toLowerCase();
  const rest = other.join(' ').toLowerCase();
  let score = 0;
  for (const word of words) {
    if (lowerName === word) score += 10;
    else if (lowerName.includes(word)) score += 5;
    else if (rest.includes(word)) score += 1;
    else return 0;
  }
  return score;
}
