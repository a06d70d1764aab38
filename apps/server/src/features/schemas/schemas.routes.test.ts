import { schemaResponseSchema } from '@fleet-dashboard/contracts';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAppHarness, type AppHarness } from '../app-harness.fixture';

let t: AppHarness;
let crdReads = 0;

beforeAll(async () => {
  t = await startAppHarness({
    namespaces: [],
    kube: (k) => ({
      ...k,
      request: (req) => {
        if (req.path.includes('customresourcedefinitions')) crdReads++;
        return k.request(req);
      },
    }),
  });
});
afterAll(() => t.stop());

describe('GET /api/schemas/:resource', () => {
  it("answers the CRD's OpenAPI v3 schema and caches it", async () => {
    const res = await request(t.app).get('/api/schemas/gitrepos').expect(200);
    const body = schemaResponseSchema.parse(res.body);
    expect(body).toMatchObject({ group: 'fleet.cattle.io', version: 'v1alpha1', kind: 'GitRepo' });
    const spec = (body.schema.properties as any).spec;
    expect(spec.properties.repo.type).toBe('string');
    expect(spec.properties.forceSyncGeneration.type).toBe('integer');
    await request(t.app).get('/api/schemas/gitrepos').expect(200);
    expect(crdReads).toBe(1);
    const cluster = await request(t.app).get('/api/schemas/clusters').expect(200);
    expect(cluster.body.kind).toBe('Cluster');
    expect(cluster.body.schema.properties.spec.properties.redeployAgentGeneration.type).toBe('integer');
  });

  it('refuses unknown resources', async () => {
    await request(t.app).get('/api/schemas/pods').expect(400);
  });
});
