/** Whom a rule acts as: its owner's token as it stands now, not the roles recorded when the rule was saved. */
import type { OwnerPort, OwnerStanding } from '../../auth/owners';
import type { Stored } from '../../platform/store/port';
import { ownerToActAs } from './ownership';
import type { RuleDocument } from './rule-store';

const stored = {
  _id: 'rule-0123456789ab',
  _rev: 1,
  actsAs: { tokenId: 'tok_owner', name: 'owner', roles: ['ml-engineer'] }
} as unknown as Stored<RuleDocument>;

function port(standing: OwnerStanding): OwnerPort & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    standing: async (tokenId) => {
      asked.push(tokenId);
      return standing;
    },
    onRevoked: () => undefined
  };
}

describe('ownerToActAs', () => {
  it("acts with the owner token's roles of now, asked by token id", async () => {
    const owners = port({ valid: true, principal: { tokenId: 'tok_owner', name: 'owner', roles: ['data-analyst'] } });
    expect(await ownerToActAs(owners, stored)).toEqual({ principal: { tokenId: 'tok_owner', name: 'owner', roles: ['data-analyst'] } });
    expect(owners.asked).toEqual(['tok_owner']);
  });

  it('does not act for a revoked owner, saying why', async () => {
    expect(await ownerToActAs(port({ valid: false, reason: 'owner token revoked at 2025-03-01T10:00:00.000Z' }), stored)).toEqual({
      reason: 'owner token revoked at 2025-03-01T10:00:00.000Z'
    });
  });

  it('does not act for an owner whose roles no longer manage alerts', async () => {
    const owners = port({ valid: true, principal: { tokenId: 'tok_owner', name: 'owner', roles: ['business'] } });
    expect(await ownerToActAs(owners, stored)).toEqual({ reason: 'owner token no longer holds alerts:manage' });
  });
});
