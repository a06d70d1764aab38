// One colour tone and one icon shape per Fleet display state.
import type { DisplayStateValue } from '@fleet-dashboard/contracts';

export type Tone = 'success' | 'error' | 'warning' | 'info' | 'neutral';

export interface StateAppearance {
  tone: Tone;
  /** SVG path in a 16×16 box, stroked. */
  icon: string;
}

const CHECK = 'M3 8.5l3.2 3.2L13 4.8';
const CROSS = 'M4 4l8 8M12 4l-8 8';
const ALERT = 'M8 2.5l6 11H2zM8 6.5v3M8 11.6v.1';
const CLOCK = 'M8 2a6 6 0 1 0 0 12A6 6 0 1 0 8 2zM8 5v3.2l2.2 1.6';
const SYNC = 'M13 6.5A5 5 0 0 0 3.6 5M3 9.5a5 5 0 0 0 9.4 1.5M3 2.5V5h2.5M13 13.5V11h-2.5';
const PAUSE = 'M5.5 3.5v9M10.5 3.5v9';
const DIFF = 'M3 6h10M3 10h10M10 3L6 13';
const EDIT = 'M10.5 2.5l3 3L6 13H3v-3z';
const DOTS = 'M4 8h.1M8 8h.1M12 8h.1';
const UNKNOWN = 'M6 6a2 2 0 1 1 2.8 1.8C8.2 8.1 8 8.6 8 9.3M8 12v.1';

export const STATE_APPEARANCE: Record<DisplayStateValue, StateAppearance> = {
  Ready: { tone: 'success', icon: CHECK },
  NotReady: { tone: 'error', icon: ALERT },
  ErrApplied: { tone: 'error', icon: CROSS },
  WaitApplied: { tone: 'info', icon: CLOCK },
  Pending: { tone: 'info', icon: DOTS },
  GitUpdating: { tone: 'info', icon: SYNC },
  WaitCheckIn: { tone: 'warning', icon: CLOCK },
  OutOfSync: { tone: 'warning', icon: DIFF },
  Modified: { tone: 'warning', icon: EDIT },
  Paused: { tone: 'neutral', icon: PAUSE },
};

export function stateAppearance(state: string): StateAppearance {
  return (STATE_APPEARANCE as Record<string, StateAppearance | undefined>)[state] ?? { tone: 'neutral', icon: UNKNOWN };
}

/** Rank for sorting: worst first. */
const SEVERITY: Record<DisplayStateValue, number> = {
  ErrApplied: 0,
  NotReady: 1,
  Modified: 2,
  OutOfSync: 3,
  WaitCheckIn: 4,
  WaitApplied: 5,
  GitUpdating: 6,
  Pending: 7,
  Paused: 8,
  Ready: 9,
};

export function stateSeverity(state: string): number {
  return (SEVERITY as Record<string, number | undefined>)[state] ?? 10;
}
