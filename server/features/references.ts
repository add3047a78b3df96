/** Feature references ("group:feature", "group@v2:feature") and source names ("group", "group@v2"). */
import { BadRequestError } from '../platform/errors';
import { FEATURE_REFERENCE_PATTERN } from '@mlportal/contract';

export interface FeatureReference {
  /** As written by the caller. */
  text: string;
  group: string;
  /** Absent: the group's current version. */
  version?: number;
  feature: string;
}

export function parseFeatureReference(text: string, field = 'features'): FeatureReference {
  const match = FEATURE_REFERENCE_PATTERN.exec(text);
  if (!match) {
    throw new BadRequestError(`${field}: ${JSON.stringify(text)} is not a feature reference; write "group:feature" or "group@v2:feature"`, {
      field,
      reference: text
    });
  }
  return { text, group: match[1], ...(match[2] ? { version: Number(match[2]) } : {}), feature: match[3] };
}

export interface GroupSelector {
  group: string;
  version?: number;
}

export function parseGroupSelector(text: string, field = 'sources'): GroupSelector {
  const match = /^([a-z][a-z0-9_]{0,62})(?:@v([1-9][0-9]{0,8}))?$/.exec(text);
  if (!match)
    throw new BadRequestError(`${field}: ${JSON.stringify(text)} is not a group name or "group@v<version>"`, { field, source: text });
  return { group: match[1], ...(match[2] ? { version: Number(match[2]) } : {}) };
}
