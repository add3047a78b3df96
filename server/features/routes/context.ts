import type { AuthenticatedContext } from '../../api/route';
import type { Actor } from '../catalog/entities';
import type { FeatureService } from '../service';

/** Who does it, as the feature store records it: the token's id and name. */
export function actorOf(context: AuthenticatedContext): Actor {
  return { tokenId: context.principal.tokenId, name: context.principal.name };
}

/** The feature service, its folders and indexes in place. */
export async function featuresOf(context: AuthenticatedContext): Promise<FeatureService> {
  await context.services.features.ready();
  return context.services.features;
}
