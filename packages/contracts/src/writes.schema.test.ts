import { describe, expect, it } from 'vitest';
import {
  BULK_ACTIONS,
  bulkBodySchema,
  clusterGroupPreviewBodySchema,
  clusterLabelsBodySchema,
  createSecretBodySchema,
  errorBodySchema,
  writeParamsSchema,
} from './index';

describe('write contracts', () => {
  it('accepts only the writable resources', () => {
    expect(writeParamsSchema.safeParse({ workspace: 'fleet-default', resource: 'gitrepos' }).success).toBe(true);
    expect(writeParamsSchema.safeParse({ workspace: 'fleet-default', resource: 'bundledeployments' }).success).toBe(false);
    expect(BULK_ACTIONS.clustergroups).toEqual(['delete']);
  });

  it('checks credentials by type', () => {
    expect(createSecretBodySchema.safeParse({ name: 'k', type: 'ssh', privateKey: 'key' }).success).toBe(true);
    expect(createSecretBodySchema.safeParse({ name: 'k', type: 'ssh' }).success).toBe(false);
    expect(createSecretBodySchema.safeParse({ name: 'k', type: 'helm', username: 'u', password: 'p' }).success).toBe(true);
    const noPassword = createSecretBodySchema.safeParse({ name: 'k', type: 'basic', username: 'u' });
    expect(noPassword.success).toBe(false);
    expect(noPassword.error?.issues[0]?.path).toEqual(['password']);
  });

  it('takes a selector object or its text, bounded name lists and label bodies', () => {
    expect(clusterGroupPreviewBodySchema.parse({ selectorText: 'env=prod' })).toEqual({ selectorText: 'env=prod' });
    expect(clusterGroupPreviewBodySchema.parse({ selector: { matchLabels: { env: 'prod' } } })).toEqual({ selector: { matchLabels: { env: 'prod' } } });
    expect(clusterGroupPreviewBodySchema.safeParse({ selector: { matchExpressions: [{ key: 'a', operator: 'Near' }] } }).success).toBe(false);
    expect(bulkBodySchema.safeParse({ names: [] }).success).toBe(false);
    expect(bulkBodySchema.safeParse({ names: Array.from({ length: 501 }, (_, i) => `n${i}`) }).success).toBe(false);
    expect(clusterLabelsBodySchema.safeParse({ labels: { a: 'b' } }).success).toBe(false);
  });

  it('carries conflict, field and position details in the error body', () => {
    const body = {
      error: {
        code: 'Conflict',
        message: 'changed',
        details: { current: { metadata: { name: 'x' } }, fields: [{ path: 'spec.repo', message: 'Required value' }], line: 3, column: 5, position: 7 },
      },
    };
    expect(errorBodySchema.parse(body)).toEqual(body);
  });
});
