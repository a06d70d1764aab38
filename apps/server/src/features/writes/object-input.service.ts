// What a create or replace body may carry: the URL decides kind, apiVersion and namespace, and
// server-managed fields are dropped on the way in.
import type { KubeObject } from '@fleet-dashboard/fleet-model';
import { BadRequestError } from '../../http/app-error';
import type { ResourceType } from '../../k8s/resource-types';

export type WriteVerb = 'create' | 'replace';

const ALWAYS_DROPPED = ['managedFields', 'creationTimestamp', 'generation', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'selfLink'] as const;
const DROPPED_ON_CREATE = ['uid', 'resourceVersion'] as const;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export interface PrepareOptions {
  type: ResourceType;
  workspace: string;
  verb: WriteVerb;
  /** The name in the URL (replace). */
  name?: string;
}

/**
 * Checks a body against the URL and returns the object to send: `apiVersion`/`kind` must match
 * the resource (filled in when absent), `metadata.namespace` must be the workspace (filled in),
 * `status` and server-managed metadata are removed. Replace needs `metadata.resourceVersion`.
 */
export function prepareObject(body: unknown, options: PrepareOptions): KubeObject {
  const { type, workspace, verb } = options;
  if (!isRecord(body)) throw new BadRequestError('The body must be one object');
  const apiVersion = `${type.group}/${type.version}`;
  if (body.apiVersion !== undefined && body.apiVersion !== apiVersion) {
    throw new BadRequestError(`apiVersion must be ${apiVersion} for ${type.plural}, not ${String(body.apiVersion)}`);
  }
  if (body.kind !== undefined && body.kind !== type.kind) throw new BadRequestError(`kind must be ${type.kind} for ${type.plural}, not ${String(body.kind)}`);
  if (body.metadata !== undefined && !isRecord(body.metadata)) throw new BadRequestError('metadata must be an object');
  const metadata: Record<string, unknown> = { ...(body.metadata ?? {}) };
  if (metadata.namespace !== undefined && metadata.namespace !== workspace) {
    throw new BadRequestError(`metadata.namespace must be the workspace "${workspace}", not "${String(metadata.namespace)}"`);
  }
  metadata.namespace = workspace;
  for (const key of ALWAYS_DROPPED) delete metadata[key];
  if (verb === 'create') {
    for (const key of DROPPED_ON_CREATE) delete metadata[key];
    if (typeof metadata.name !== 'string' && typeof metadata.generateName !== 'string') throw new BadRequestError('metadata.name is required');
  } else {
    if (metadata.name === undefined) metadata.name = options.name;
    if (metadata.name !== options.name) throw new BadRequestError(`metadata.name "${String(metadata.name)}" does not match the URL's "${options.name ?? ''}"`);
    if (typeof metadata.resourceVersion !== 'string' || metadata.resourceVersion === '') {
      throw new BadRequestError('metadata.resourceVersion is required to replace an object (it protects against overwriting changes made since it was read)');
    }
  }
  const { status: _status, ...rest } = body;
  return { ...rest, apiVersion, kind: type.kind, metadata } as KubeObject;
}
