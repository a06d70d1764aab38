import { describe, expect, it } from 'vitest';
import { keyValueRow } from '../../../shared/forms/form-rows.model';
import { targetRow, type GitRepoForm } from './gitrepo-form.model';
import { combinePreview, targetPreviewPlan } from './target-preview.model';

const groups = [
  { name: 'default', selector: 'env=dev' },
  { name: 'prod', selector: 'env=prod' },
  { name: 'empty', selector: null },
];
const form = (f: Partial<GitRepoForm>): Pick<GitRepoForm, 'targetMode' | 'targets'> => ({ targetMode: 'custom', targets: [], ...f });
const answer = (matching: string[], total = 5) => ({ matching, total });

describe('target preview', () => {
  it('counts every cluster for All clusters', () => {
    const plan = targetPreviewPlan(form({ targetMode: 'all' }), groups);
    expect(plan.queries.map((q) => q.key)).toEqual(['all']);
    expect(combinePreview(plan, new Map([['all', answer(['a', 'b'], 2)]]))).toEqual({ matching: ['a', 'b'], total: 2, notes: [] });
  });

  it('explains that No clusters means Fleet’s default group, and counts it', () => {
    const plan = targetPreviewPlan(form({ targetMode: 'none' }), groups);
    expect(plan.queries.map((q) => q.body)).toEqual([{ selector: {} }, { selectorText: 'env=dev' }]);
    const outcome = combinePreview(plan, new Map([['all', answer(['a', 'b', 'c'])], ['group:default', answer(['b'])]]));
    expect(outcome).toMatchObject({ matching: ['b'], total: 5 });
    expect(outcome.notes[0]).toMatch(/cluster group “default”/);
  });

  it('unites clusters by name, groups and selectors, and says what cannot match', () => {
    const byName = targetRow('cluster');
    byName.clusterName = 'a';
    const missing = targetRow('cluster');
    missing.clusterName = 'zz';
    const group = targetRow('group');
    group.clusterGroup = 'prod';
    const emptyGroup = targetRow('group');
    emptyGroup.clusterGroup = 'empty';
    const selector = targetRow('selector');
    selector.selector.labels.push(keyValueRow('tier', 'gold'));
    const plan = targetPreviewPlan(form({ targets: [byName, missing, group, emptyGroup, selector, targetRow('advanced', { clusterName: 'x', clusterGroup: 'y' })] }), groups);
    expect(plan.queries.map((q) => q.key)).toEqual(['all', 'display:a', 'display:zz', 'group:prod', 'selector:{"matchLabels":{"tier":"gold"}}']);
    const outcome = combinePreview(
      plan,
      new Map([
        ['all', answer(['a', 'b', 'c', 'd'], 4)],
        ['display:a', answer([])],
        ['display:zz', answer([])],
        ['group:prod', answer(['c'])],
        ['selector:{"matchLabels":{"tier":"gold"}}', answer(['c', 'd'])],
      ]),
    );
    expect(outcome.matching).toEqual(['a', 'c', 'd']);
    expect(outcome.total).toBe(4);
    expect(outcome.notes).toEqual([
      'The cluster group “empty” has no selector, so it holds no cluster.',
      'Advanced targets (several criteria in one target) are not counted here.',
      'There is no cluster “zz” in this workspace.',
    ]);
  });
});
