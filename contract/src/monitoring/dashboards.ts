/** The dashboards' HTTP contract: the three kinds, the window asked for, and the Vega-Lite panels answered. */
import { z } from 'zod';
import { DeploymentNameSchema } from '../serving/deployments';

export const DASHBOARD_KINDS = ['analyst', 'product', 'business'] as const;
const timestamp = z.iso.datetime({ offset: true });

export const DashboardKindSchema = z.enum(DASHBOARD_KINDS).meta({ id: 'DashboardKind' });

export const DashboardParamsSchema = z.strictObject({ kind: DashboardKindSchema });

export const DashboardQuerySchema = z.strictObject({
  deployment: DeploymentNameSchema.optional().meta({ description: 'Default: the first deployment by name' }),
  from: timestamp.optional().meta({ description: 'Default: 7 days before to' }),
  to: timestamp.optional().meta({ description: 'Default: now' })
});

export const PanelSchema = z
  .object({
    id: z.string(),
    title: z.string(),
    description: z.string(),
    spec: z.record(z.string(), z.unknown()).meta({ description: 'A Vega-Lite v5 spec with its data inline' }),
    empty: z.string().optional().meta({ description: 'Why there is nothing to draw yet (the spec then holds no rows)' })
  })
  .meta({ id: 'DashboardPanel' });

export const DashboardSchema = z
  .object({
    kind: DashboardKindSchema,
    title: z.string(),
    deployment: z.string().nullable().meta({ description: 'null when there is no deployment yet' }),
    from: timestamp,
    to: timestamp,
    generatedAt: timestamp,
    panels: z.array(PanelSchema)
  })
  .meta({ id: 'Dashboard' });

export type DashboardKind = z.infer<typeof DashboardKindSchema>;
export type DashboardQuery = z.infer<typeof DashboardQuerySchema>;
export type Panel = z.infer<typeof PanelSchema>;
export type Dashboard = z.infer<typeof DashboardSchema>;
