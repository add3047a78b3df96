import { z } from 'zod';

/** Kubernetes objects a deployment is rendered to, and applying them. */
const KubeObjectSchema = z
  .record(z.string(), z.unknown())
  .meta({ id: 'KubernetesObject', description: 'A Kubernetes object as the API server takes it' });

export const KubernetesObjectsSchema = z
  .object({
    objects: z.array(KubeObjectSchema).meta({ description: 'apps/v1 Deployment, v1 Service, autoscaling/v2 HorizontalPodAutoscaler' })
  })
  .meta({ id: 'KubernetesObjects' });

export const KubernetesApplyRequestSchema = z
  .strictObject({ dryRun: z.boolean().optional().meta({ description: 'Have the API server check the objects and store nothing' }) })
  .meta({ id: 'KubernetesApplyRequest' });

export const KubernetesApplyResultSchema = z
  .object({
    objects: z.array(KubeObjectSchema).meta({ description: 'As the API server answered them' }),
    applied: z.boolean().meta({ description: 'false for a dry run' })
  })
  .meta({ id: 'KubernetesApplyResult' });

export type KubernetesObjects = z.infer<typeof KubernetesObjectsSchema>;
export type KubernetesApplyResult = z.infer<typeof KubernetesApplyResultSchema>;
