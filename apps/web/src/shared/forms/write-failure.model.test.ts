import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/http';
import { writeFailureOf } from './write-failure.model';

type Key = 'metadata.name' | 'spec.repo';
const fieldOf = (path: string): Key | undefined => (path === 'spec.repo' || path === 'metadata.name' ? path : undefined);
const options = (isEdit: boolean) => ({ isEdit, fieldOf, nameField: 'metadata.name' as const, nameTaken: 'taken' });

describe('writeFailureOf', () => {
  it('places field errors (fields or Kubernetes causes) at their field and lists the rest', () => {
    const invalid = new ApiError({
      status: 422,
      code: 'Invalid',
      message: 'GitRepo "a" is invalid',
      details: { fields: [{ path: 'spec.repo', message: 'bad url' }, { path: 'spec.repo', message: 'second' }, { path: 'spec.other', message: 'odd' }] },
    });
    expect(writeFailureOf(invalid, options(false))).toEqual({
      fields: { 'spec.repo': 'bad url' },
      general: ['GitRepo "a" is invalid', 'spec.repo: second', 'spec.other: odd'],
    });
    const causes = new ApiError({ status: 422, code: 'Invalid', message: 'invalid', details: { causes: [{ field: 'spec.repo', message: 'bad', reason: 'FieldValueInvalid' }] } });
    expect(writeFailureOf(causes, options(false))).toEqual({ fields: { 'spec.repo': 'bad' }, general: [] });
  });

  it('a stale replace returns the current object; a create that finds the name taken says so at the name', () => {
    const current = { metadata: { name: 'a', resourceVersion: '9' } };
    const stale = new ApiError({ status: 409, code: 'Conflict', message: 'changed', details: { current } });
    expect(writeFailureOf(stale, options(true))).toEqual({ conflict: current, fields: {}, general: [] });
    const exists = new ApiError({ status: 409, code: 'Conflict', message: 'already exists' });
    expect(writeFailureOf(exists, options(false))).toEqual({ fields: { 'metadata.name': 'taken' }, general: [] });
  });

  it('anything else is one general message', () => {
    expect(writeFailureOf(new ApiError({ status: 500, code: 'Internal', message: 'boom' }), options(true))).toEqual({ fields: {}, general: ['boom'] });
    expect(writeFailureOf(new Error('offline'), options(false))).toEqual({ fields: {}, general: ['Error: offline'] });
  });
});
