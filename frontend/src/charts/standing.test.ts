import { describe, expect, it } from 'vitest';

import { STANDING_ORDER, STANDING_STYLES, standingKey, standingText } from './standing';

describe('the standing scale', () => {
  it('splits above and below by whether they may be chance', () => {
    expect(standingKey({ standing: 'above', possibly_chance: false })).toBe('above');
    expect(standingKey({ standing: 'above', possibly_chance: true })).toBe('above_chance');
    expect(standingKey({ standing: 'below', possibly_chance: true })).toBe('below_chance');
    expect(standingKey({ standing: 'on_par', possibly_chance: false })).toBe('on_par');
    expect(standingKey({ standing: 'insufficient', possibly_chance: false })).toBe('insufficient');
  });

  it('never relies on colour alone: every standing has its own symbol and words', () => {
    const symbols = STANDING_ORDER.map((k) => STANDING_STYLES[k].symbol);
    const labels = STANDING_ORDER.map((k) => STANDING_STYLES[k].label);
    expect(new Set(symbols).size).toBe(STANDING_ORDER.length);
    expect(new Set(labels).size).toBe(STANDING_ORDER.length);
    expect(standingText('above')).toBe('▲ Above peers');
    expect(standingText('on_par')).toBe('● On par');
    expect(standingText('below')).toBe('▼ Below peers');
  });

  it('keeps text readable on every fill (WCAG AA, 4.5:1)', () => {
    for (const key of STANDING_ORDER) {
      const { fill, text } = STANDING_STYLES[key];
      expect(contrast(fill, text), key).toBeGreaterThanOrEqual(4.5);
    }
  });

  it('keeps markers visible on white (3:1)', () => {
    for (const key of STANDING_ORDER) {
      expect(contrast(STANDING_STYLES[key].stroke, '#FFFFFF'), key).toBeGreaterThanOrEqual(3);
    }
  });
});

function luminance(hex: string): number {
  const [r = 0, g = 0, b = 0] = [1, 3, 5]
    .map((i) => Number.parseInt(hex.slice(i, i + 2), 16) / 255)
    .map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}
