/** The registry's naming rules, checked before anything is uploaded. */
import { AliasSchema, ModelNameSchema } from '@mlportal/contract';
import { MlportalError } from '../errors';

export function checkModelName(name: string): void {
  if (!ModelNameSchema.safeParse(name).success) {
    throw new MlportalError(
      `model name ${JSON.stringify(name)} is not allowed: start with a letter or digit, then up to 127 letters, digits and _ . -`
    );
  }
}

export function checkAlias(alias: string): void {
  if (!AliasSchema.safeParse(alias).success) {
    throw new MlportalError(
      `alias ${JSON.stringify(alias)} is not allowed: start with a lowercase letter, then up to 62 of a-z 0-9 _ -; "latest" and v<digits> are reserved`
    );
  }
}

/** A version number from 3, "3" or "v3"; undefined for anything else (an alias, "latest"). */
export function versionNumber(ref: number | string): number | undefined {
  if (typeof ref === 'number') {
    if (!Number.isInteger(ref) || ref < 1) throw new MlportalError(`version must be a whole number ≥ 1; got ${ref}`);
    return ref;
  }
  const match = /^v?(\d+)$/.exec(ref);
  if (!match) return undefined;
  return versionNumber(Number(match[1]));
}
