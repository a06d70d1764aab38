import { describe, expect, it } from 'vitest';
import { expressionRow, keyValueRow } from '../../../shared/forms/form-rows.model';
import { cloneBase } from '../../../shared/forms/clone-base.model';
import { clusterGroupFieldOf, clusterGroupFromForm, formFromClusterGroup, formSelector, selectorSummary, validateClusterGroupForm } from './clustergroup-form.model';

const group = {
  apiVersion: 'fleet.cattle.io/v1alpha1',
  kind: 'ClusterGroup',
  metadata: { name: 'prod', namespace: 'fleet-default', resourceVersion: '7', labels: { team: 'ops' } },
  spec: { selector: { matchExpressions: [{ key: 'env', operator: 'In', values: ['prod'] }], matchLabels: { region: 'eu' } }, extra: true },
  status: { clusterCount: 3 },
};

describe('cluster group form', () => {
  it('round-trips the object, selector written as it was', () => {
    expect(clusterGroupFromForm(formFromClusterGroup(group), { workspace: 'fleet-default', base: group })).toEqual(group);
  });

  it('writes an edited selector and keeps the rest', () => {
    const form = formFromClusterGroup(group);
    form.selector.labels = [keyValueRow('region', 'us')];
    form.selector.expressions.push(expressionRow('canary', 'DoesNotExist'));
    const out = clusterGroupFromForm(form, { workspace: 'fleet-default', base: group });
    expect(out.spec).toEqual({
      selector: { matchLabels: { region: 'us' }, matchExpressions: [{ key: 'env', operator: 'In', values: ['prod'] }, { key: 'canary', operator: 'DoesNotExist' }] },
      extra: true,
    });
    expect(out.metadata).toEqual(group.metadata);
  });

  it('keeps a group without selector without one until rows are added; a new group starts at “every cluster”', () => {
    const none = { metadata: { name: 'empty' }, spec: {} };
    const form = formFromClusterGroup(none);
    expect(form.hasSelector).toBe(false);
    expect(formSelector(form)).toBeNull();
    expect(selectorSummary(form)).toBe('no selector (no cluster)');
    expect(clusterGroupFromForm(form, { workspace: 'w', base: none }).spec).toEqual({});
    form.selector.labels.push(keyValueRow('env', 'dev'));
    expect(clusterGroupFromForm(form, { workspace: 'w', base: none }).spec).toEqual({ selector: { matchLabels: { env: 'dev' } } });

    const fresh = formFromClusterGroup(undefined);
    fresh.name = 'all';
    expect(selectorSummary(fresh)).toBe('every cluster');
    expect(clusterGroupFromForm(fresh, { workspace: 'w' })).toEqual({ apiVersion: 'fleet.cattle.io/v1alpha1', kind: 'ClusterGroup', metadata: { name: 'all', namespace: 'w' }, spec: { selector: {} } });
  });

  it('validates the name and the selector rows', () => {
    const form = formFromClusterGroup(undefined);
    form.name = 'Bad_Name';
    form.selector.expressions.push(expressionRow('env', 'In', ''));
    const errors = validateClusterGroupForm(form);
    expect(Object.keys(errors.fields)).toEqual(['metadata.name', 'spec.selector']);
    expect([...errors.selector.expressions.values()]).toEqual([{ values: 'In needs at least one value.' }]);
    form.name = 'good';
    form.selector.expressions = [];
    expect(validateClusterGroupForm(form).fields).toEqual({});
  });

  it('clones without status and server metadata', () => {
    const form = formFromClusterGroup(cloneBase(group));
    expect(form.name).toBe('prod-copy');
    const out = clusterGroupFromForm(form, { workspace: 'fleet-default', base: cloneBase(group) });
    expect(out.metadata).toEqual({ name: 'prod-copy', namespace: 'fleet-default', labels: { team: 'ops' } });
    expect('status' in out).toBe(false);
  });

  it('places server errors at the field', () => {
    expect(clusterGroupFieldOf('spec.selector.matchExpressions[0].operator')).toBe('spec.selector');
    expect(clusterGroupFieldOf('metadata.name')).toBe('metadata.name');
    expect(clusterGroupFieldOf('spec.other')).toBeUndefined();
  });
});
