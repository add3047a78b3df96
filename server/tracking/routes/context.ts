import type { AuthenticatedContext } from '../../api/route';
import type { Actor } from '../documents';
import type { TrackingService } from '../service';

/** Who does it, as tracking records it (createdBy): the calling token's name. */
export function actorOf(context: AuthenticatedContext): Actor {
  return context.principal.name;
}

/** The tracking service, its indexes and default experiment in place. */
export async function trackingOf(context: AuthenticatedContext): Promise<TrackingService> {
  await context.services.tracking.ready();
  return context.services.tracking;
}
