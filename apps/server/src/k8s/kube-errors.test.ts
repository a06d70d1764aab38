import { describe, expect, it } from 'vitest';
import { AppError } from '../http/app-error';
import { KubeApiError, parseKubeStatus, toAppError } from './kube-errors';

const status = (code: number, reason: string, message: string, details?: object) => ({ kind: 'Status', apiVersion: 'v1', status: 'Failure', code, reason, message, details });

describe('toAppError', () => {
  it('names verb and resource of a 403', () => {
    const e = toAppError(
      new KubeApiError(
        403,
        status(403, 'Forbidden', 'gitrepos.fleet.cattle.io "x" is forbidden: User "viewer" cannot delete resource "gitrepos" in API group "fleet.cattle.io" in the namespace "fleet-default"', { name: 'x', group: 'fleet.cattle.io', kind: 'gitrepos' }),
      ),
    );
    expect(e.code).toBe('Forbidden');
    expect(e.status).toBe(403);
    expect(e.message).toBe('Not allowed to delete gitrepos.fleet.cattle.io in namespace "fleet-default"');
    expect(e.details).toEqual({ verb: 'delete', resource: 'gitrepos.fleet.cattle.io', namespace: 'fleet-default', name: 'x' });
  });

  it('falls back to the request context when the 403 message is unusual', () => {
    const e = toAppError(new KubeApiError(403, undefined, { verb: 'list', resource: 'clusters.fleet.cattle.io', namespace: 'team-a' }));
    expect(e.message).toBe('Not allowed to list clusters.fleet.cattle.io in namespace "team-a"');
    expect(e.details).toMatchObject({ verb: 'list', resource: 'clusters.fleet.cattle.io' });
  });

  it('lists the field causes of a 422', () => {
    const e = toAppError(
      new KubeApiError(
        422,
        status(422, 'Invalid', 'GitRepo.fleet.cattle.io "x" is invalid: spec.repo: Required value', {
          causes: [
            { reason: 'FieldValueRequired', message: 'Required value', field: 'spec.repo' },
            { reason: 'FieldValueInvalid', message: 'Invalid value: "x"', field: 'spec.pollingInterval' },
          ],
        }),
      ),
    );
    expect(e.code).toBe('Invalid');
    expect(e.status).toBe(422);
    expect(e.details?.causes).toEqual([
      { field: 'spec.repo', message: 'Required value', reason: 'FieldValueRequired' },
      { field: 'spec.pollingInterval', message: 'Invalid value: "x"', reason: 'FieldValueInvalid' },
    ]);
  });

  it.each([
    [400, 'BadRequest'],
    [401, 'Unauthorized'],
    [404, 'NotFound'],
    [409, 'Conflict'],
    [410, 'Conflict'],
    [413, 'TooLarge'],
    [429, 'Unavailable'],
    [500, 'Upstream'],
    [503, 'Unavailable'],
    [504, 'Upstream'],
  ])('maps HTTP %i to %s', (code, expected) => {
    const e = toAppError(new KubeApiError(code, status(code, 'X', 'msg')));
    expect(e.code).toBe(expected);
    expect(e).toBeInstanceOf(AppError);
  });

  it('keeps the API server message for 404 and 409', () => {
    expect(toAppError(new KubeApiError(404, status(404, 'NotFound', 'gitrepos.fleet.cattle.io "a" not found'))).message).toBe('gitrepos.fleet.cattle.io "a" not found');
    expect(toAppError(new KubeApiError(409, status(409, 'AlreadyExists', 'gitrepos.fleet.cattle.io "a" already exists'))).message).toContain('already exists');
  });

  it('turns network failures into Upstream and passes AppErrors through', () => {
    const net = toAppError(new Error('connect ECONNREFUSED 127.0.0.1:6443'));
    expect(net.code).toBe('Upstream');
    expect(net.message).toContain('ECONNREFUSED');
    const own = new AppError('NotFound', 'x');
    expect(toAppError(own)).toBe(own);
  });
});

describe('parseKubeStatus', () => {
  it('parses text and objects, rejects non-Status bodies', () => {
    expect(parseKubeStatus(JSON.stringify(status(404, 'NotFound', 'gone')))?.reason).toBe('NotFound');
    expect(parseKubeStatus({ kind: 'Status', code: 410 })?.code).toBe(410);
    expect(parseKubeStatus('not json')).toBeUndefined();
    expect(parseKubeStatus({ items: [] })).toBeUndefined();
  });
});
