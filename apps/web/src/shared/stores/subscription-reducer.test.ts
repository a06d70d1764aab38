import { describe, expect, it } from 'vitest';
import { applyChanges, applySnapshot, createSubscriptionData, itemKey } from './subscription-reducer';

const row = (name: string, rv: string, extra: Record<string, unknown> = {}) => ({ key: `ws/${name}`, name, resourceVersion: rv, ...extra });

describe('subscription reducer', () => {
  it('a snapshot fills the data and marks it loaded', () => {
    const data = createSubscriptionData();
    expect(applySnapshot(data, [row('a', '1'), row('b', '2')], '2')).toBe(true);
    expect([...data.items.keys()]).toEqual(['ws/a', 'ws/b']);
    expect(data.revision).toBe('2');
    expect(data.hasSnapshot).toBe(true);
  });

  it('an empty first snapshot still counts as a change (loading ends)', () => {
    const data = createSubscriptionData();
    expect(applySnapshot(data, [], '5')).toBe(true);
    expect(data.hasSnapshot).toBe(true);
  });

  it('a repeated snapshot keeps unchanged objects by identity and drops the missing ones', () => {
    const data = createSubscriptionData();
    const a = row('a', '1');
    applySnapshot(data, [a, row('b', '2')], '2');
    expect(applySnapshot(data, [row('a', '1'), row('c', '3')], '3')).toBe(true);
    expect(data.items.get('ws/a')).toBe(a);
    expect([...data.items.keys()].sort()).toEqual(['ws/a', 'ws/c']);
    expect(applySnapshot(data, [row('a', '1'), row('c', '3')], '3')).toBe(false);
  });

  it('applies upserts and deletes, ignoring stale and replayed versions', () => {
    const data = createSubscriptionData();
    applySnapshot(data, [row('a', '5')], '5');
    expect(applyChanges(data, [{ type: 'upsert', key: 'ws/a', row: row('a', '4', { state: 'old' }) }], '6')).toBe(false);
    expect(applyChanges(data, [{ type: 'upsert', key: 'ws/a', row: row('a', '5', { state: 'same' }) }], '6')).toBe(false);
    expect(applyChanges(data, [{ type: 'upsert', key: 'ws/a', row: row('a', '7', { state: 'new' }) }], '7')).toBe(true);
    expect(data.items.get('ws/a')?.state).toBe('new');
    expect(applyChanges(data, [{ type: 'upsert', key: 'ws/b', row: row('b', '8') }, { type: 'delete', key: 'ws/a' }], '8')).toBe(true);
    expect([...data.items.keys()]).toEqual(['ws/b']);
    expect(data.revision).toBe('8');
    expect(applyChanges(data, [{ type: 'delete', key: 'ws/zzz' }], '9')).toBe(false);
  });

  it('keys full objects by namespace/name', () => {
    expect(itemKey({ metadata: { namespace: 'ws', name: 'x' } })).toBe('ws/x');
    expect(itemKey({ metadata: { name: 'x' } })).toBe('x');
    const data = createSubscriptionData();
    applySnapshot(data, [{ metadata: { namespace: 'ws', name: 'x', resourceVersion: '1' } }], '1');
    applyChanges(data, [{ type: 'upsert', key: 'ws/x', object: { metadata: { namespace: 'ws', name: 'x', resourceVersion: '2' }, spec: { a: 1 } } }], '2');
    expect(data.items.get('ws/x')?.spec).toEqual({ a: 1 });
  });
});
