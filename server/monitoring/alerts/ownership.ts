/**
 * A rule acts as its owner: the token that created it or last changed what it does (its webhook,
 * its job, or re-enabling it). It acts only while that token is valid, with the token's roles as
 * they are at that moment, and only while those roles may still manage alerts. A revoked owner
 * disables the rule with the reason recorded, so the rules list says why it went quiet; someone
 * who may manage it re-enables it and becomes its owner.
 */
import type { OwnerPort } from '../../auth/owners';
import { roleHas } from '@mlportal/contract';
import type { Principal } from '../../platform/principal';
import type { Logger } from '../../platform/logging';
import { StaleRevisionError } from '../../platform/errors';
import type { Stored } from '../../platform/store/port';
import type { RuleActor, RuleDocument, RuleStore } from './rule-store';

/** Who a rule stores as its owner (the roles are a record of that moment; acting reads them anew). */
export function ownerFrom(principal: Principal): RuleActor {
  return { tokenId: principal.tokenId, name: principal.name, roles: [...principal.roles] };
}

/** The principal to act as now, or why the rule must not act (and is to be disabled). */
export async function ownerToActAs(
  owners: OwnerPort,
  stored: Stored<RuleDocument>
): Promise<{ principal: Principal } | { reason: string }> {
  const standing = await owners.standing(stored.actsAs.tokenId);
  if (!standing.valid) return { reason: standing.reason };
  if (!standing.principal.roles.some((role) => roleHas(role, 'alerts:manage')))
    return { reason: 'owner token no longer holds alerts:manage' };
  return { principal: standing.principal };
}

const DISABLE_ATTEMPTS = 3;

/** Disables one rule with its reason, rereading it when a concurrent change got there first. */
export async function disableRule(rules: RuleStore, id: string, reason: string, at: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const stored = await rules.require(id);
    try {
      await rules.update(id, stored._rev, { enabled: false, disabledReason: reason, updatedAt: at });
      return;
    } catch (err) {
      if (!(err instanceof StaleRevisionError) || attempt >= DISABLE_ATTEMPTS) throw err;
    }
  }
}

/** Every rule the revoked token owns, disabled with "owner token revoked at …" (already disabled ones get the reason too). */
export async function disableRulesOwnedBy(rules: RuleStore, tokenId: string, reason: string, at: string, logger: Logger): Promise<void> {
  for (const rule of await rules.ownedBy(tokenId)) {
    await disableRule(rules, rule._id, reason, at);
    logger.info({ ruleId: rule._id, tokenId, reason }, 'alert rule disabled: its owner may no longer act');
  }
}
