// @vitest-environment happy-dom
import { DISPLAY_STATE_VALUES } from '@fleet-dashboard/contracts';
import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import StateBadge from './StateBadge.vue';
import { STATE_APPEARANCE, stateAppearance } from './state-appearance';

describe('StateBadge', () => {
  it('shows every Fleet state as text with an icon and a tone class', () => {
    for (const state of DISPLAY_STATE_VALUES) {
      const w = mount(StateBadge, { props: { state } });
      expect(w.text()).toBe(state);
      expect(w.find('svg[aria-hidden="true"] path').attributes('d')).toBe(STATE_APPEARANCE[state].icon);
      expect(w.classes()).toContain(`badge--${STATE_APPEARANCE[state].tone}`);
    }
  });

  it('never tells states of different tones apart by colour alone: each tone pairs with distinct shapes', () => {
    const ready = stateAppearance('Ready');
    for (const state of DISPLAY_STATE_VALUES.filter((s) => s !== 'Ready')) expect(stateAppearance(state).icon).not.toBe(ready.icon);
    expect(stateAppearance('ErrApplied').icon).not.toBe(stateAppearance('NotReady').icon);
  });

  it('renders an unknown state neutrally and shows a count when given', () => {
    const w = mount(StateBadge, { props: { state: 'Weird', count: 3 } });
    expect(w.classes()).toContain('badge--neutral');
    expect(w.text()).toBe('Weird3');
    expect(w.find('.badge__count').text()).toBe('3');
  });
});
