import { describe, expect, it } from 'vitest';

import {
  actorText,
  canChangeAlert,
  eventText,
  formatUtc,
  formatUtcDate,
  magnitudeText,
  nextStatuses,
  parseUtc,
  RULE_ORDER,
} from './alertText';

describe('nextStatuses', () => {
  it('moves only forward', () => {
    expect(nextStatuses('open')).toEqual(['acknowledged', 'resolved']);
    expect(nextStatuses('acknowledged')).toEqual(['resolved']);
    expect(nextStatuses('resolved')).toEqual([]);
  });
});

describe('canChangeAlert', () => {
  const own = { account_manager: 13 };
  it('lets admins and supervisors act, account managers on their own, analysts never', () => {
    expect(canChangeAlert({ role: 'admin', account_manager_id: null }, own)).toBe(true);
    expect(canChangeAlert({ role: 'supervisor', account_manager_id: null }, own)).toBe(true);
    expect(canChangeAlert({ role: 'account_manager', account_manager_id: 13 }, own)).toBe(true);
    expect(canChangeAlert({ role: 'account_manager', account_manager_id: 14 }, own)).toBe(false);
    expect(canChangeAlert({ role: 'account_manager', account_manager_id: null }, own)).toBe(false);
    expect(canChangeAlert({ role: 'analyst', account_manager_id: null }, own)).toBe(false);
  });
});

describe('magnitudeText', () => {
  const scale = { min: 1, max: 10 };
  it('gives every rule its unit', () => {
    expect(magnitudeText('critical_gap', 5, scale)).toEqual({
      value: '5.00',
      unit: 'points short, 1–10 scale',
    });
    expect(magnitudeText('category_decline', 3, { min: 1, max: 5 })).toEqual({
      value: '3.00',
      unit: 'points lost, 1–5 scale',
    });
    expect(magnitudeText('critical_gap', 1.5)).toEqual({ value: '1.50', unit: 'points short' });
    expect(magnitudeText('detractor', 6)).toEqual({ value: '6', unit: 'LTR points under the top' });
    expect(magnitudeText('hidden_risk', 44)).toEqual({
      value: '44',
      unit: 'points under a score of 100',
    });
    expect(magnitudeText('score_drop', 12)).toEqual({ value: '12', unit: 'score points lost' });
    expect(magnitudeText('unassessed', 2_400_000)).toEqual({
      value: '2,400,000',
      unit: 'annual value',
    });
  });

  it('knows every rule of the API', () => {
    expect(RULE_ORDER).toEqual([
      'detractor',
      'critical_gap',
      'hidden_risk',
      'score_drop',
      'category_decline',
      'unassessed',
    ]);
  });
});

describe('events', () => {
  it('reads event kinds and actors', () => {
    expect(eventText('cleared')).toBe('Cleared (the rule no longer fires)');
    expect(eventText('something_new')).toBe('something_new');
    expect(actorText('cli')).toBe('the command line (import or evaluation)');
    expect(actorText('token:nightly')).toBe('API token “nightly”');
    expect(actorText('supervisor@demo.test')).toBe('supervisor@demo.test');
  });
});

describe('times', () => {
  it('reads the API’s offset-less times as UTC', () => {
    expect(parseUtc('2026-12-04T20:18:24.173984')?.toISOString()).toBe('2026-12-04T20:18:24.173Z');
    expect(parseUtc('2026-12-04T20:18:24Z')?.toISOString()).toBe('2026-12-04T20:18:24.000Z');
    expect(parseUtc('not a time')).toBeNull();
    expect(formatUtc('2026-12-04T20:18:24.173984')).toBe('4 Dec 2026, 20:18 UTC');
    expect(formatUtcDate('2026-01-09T23:59:00')).toBe('9 Jan 2026');
    expect(formatUtc('garbage')).toBe('garbage');
  });
});
