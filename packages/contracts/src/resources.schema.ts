// The resources the dashboard reads, as named in REST paths and websocket subscriptions.
import { z } from 'zod';

export const RESOURCE_NAMES = ['gitrepos', 'clusters', 'clustergroups', 'bundles', 'bundledeployments', 'workspaces', 'events'] as const;
export type ResourceName = (typeof RESOURCE_NAMES)[number];
export const resourceNameSchema = z.enum(RESOURCE_NAMES);

/** Resources that live inside a workspace (every one but `workspaces`). */
export const WORKSPACED_RESOURCES = ['gitrepos', 'clusters', 'clustergroups', 'bundles', 'bundledeployments', 'events'] as const;
export type WorkspacedResourceName = (typeof WORKSPACED_RESOURCES)[number];
export const workspacedResourceSchema = z.enum(WORKSPACED_RESOURCES);

/** A Kubernetes object name (DNS subdomain, ≤253). */
export const objectNameSchema = z
  .string()
  .min(1)
  .max(253)
  .regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, 'must be a lowercase DNS subdomain');

/** A namespace name (DNS label, ≤63). */
export const workspaceNameSchema = z
  .string()
  .min(1)
  .max(63)
  .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'must be a lowercase DNS label');
