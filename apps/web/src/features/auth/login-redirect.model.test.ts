import { describe, expect, it } from 'vitest';
import { safeRedirect } from './login-redirect.model';

describe('safeRedirect', () => {
  it('keeps paths of this app with their query and hash', () => {
    expect(safeRedirect('/w/fleet-default/clusters?state=Ready#top')).toBe('/w/fleet-default/clusters?state=Ready#top');
    expect(safeRedirect(['/dashboard'])).toBe('/dashboard');
  });

  it.each([
    ['https://evil.example/'],
    ['//evil.example/x'],
    ['/\\evil.example'],
    ['\\\\evil.example'],
    ['javascript:alert(1)'],
    ['/\tevil'],
    ['/login?redirect=/x'],
    ['/api/logout'],
    [''],
    [undefined],
    [42],
  ])('sends %j home', (value) => {
    expect(safeRedirect(value)).toBe('/');
  });
});
