import { defineRoute } from '../../api/route';
import { OnlineLookupRequestSchema, OnlineLookupResultSchema } from '@mlportal/contract';

export const onlineLookupRoute = defineRoute({
  method: 'post',
  path: '/api/v1/features/online',
  operationId: 'lookupOnlineFeatures',
  summary: 'The latest values of many features for many entities, in request order (null where unknown)',
  tag: 'features',
  access: 'features:read-rows',
  body: OnlineLookupRequestSchema,
  // The hottest answer there is (100 × 50 values a request), built field by field in online-lookup.ts.
  response: { status: 200, schema: OnlineLookupResultSchema, description: 'values[entity][feature]', check: 'in-tests' },
  errors: [404, 409],
  async handler({ body, context }) {
    return context.services.features.lookup(body);
  }
});

export const onlineRoutes = [onlineLookupRoute];
