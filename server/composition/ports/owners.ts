/** The owner port (auth/owners.ts) that alert rules act through, built from the token service. */
import type { OwnerPort } from '../../auth/owners';
import type { TokenService } from '../../auth/token-service';

export function ownerPortOf(tokens: TokenService): OwnerPort {
  return {
    standing: (tokenId) => tokens.standing(tokenId),
    onRevoked: (listener) => tokens.onRevoked(listener)
  };
}
