/**
 * Deployments and their events in the document store. A deployment's _id is its name; `incarnation`
 * tells a deployment from an earlier one of the same name (deleted, then created again), so a
 * rollback never reaches into a predecessor's rollouts.
 */
import type { Batching, GateResult, Kpi, Replicas, Target, TrafficEntry, TrafficState, VersionRef } from '@mlportal/contract';

export const COLLECTIONS = {
  deployments: 'serving_deployments',
  events: 'serving_deployment_events'
} as const;

export interface DeploymentDocument {
  name: string;
  incarnation: string;
  description: string;
  traffic: TrafficEntry[];
  shadow: VersionRef | null;
  batching: Batching;
  replicas: Replicas;
  target: Target;
  gate: GateResult;
  kpi: Kpi | null;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
}

export type EventType = 'created' | 'updated' | 'rollout' | 'rollback' | 'deleted' | 'applied';

export interface DeploymentEventDocument {
  deployment: string;
  incarnation: string;
  type: EventType;
  at: string;
  by: string;
  from?: TrafficState;
  to?: TrafficState;
  gate?: GateResult;
  note?: string;
  /** Rollouts only: set once a rollback undid it, so the next rollback steps further back. */
  rolledBack?: boolean;
  /** Orders events written in the same millisecond. */
  seq: number;
}
