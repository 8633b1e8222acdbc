import { describe, expect, it } from 'vitest';

import {
  escapeHtml,
  formatCount,
  formatNumber,
  formatSigned,
  niceCeil,
  shortLabel,
} from './format';

describe('number formatting', () => {
  it('uses a real minus sign and drops the sign of a rounded zero', () => {
    expect(formatNumber(-0.314)).toBe('−0.31');
    expect(formatNumber(-0.001)).toBe('0.00');
    expect(formatSigned(0.314)).toBe('+0.31');
    expect(formatSigned(0.001)).toBe('0.00');
    expect(formatSigned(-5.25, 1)).toBe('−5.3');
  });

  it('shows a missing value as a dash, never as zero', () => {
    expect(formatNumber(null)).toBe('–');
    expect(formatSigned(undefined)).toBe('–');
    expect(formatNumber(Number.NaN)).toBe('–');
    expect(formatCount(null)).toBe('–');
  });

  it('groups thousands', () => {
    expect(formatCount(2477)).toBe('2,477');
  });
});

describe('escapeHtml', () => {
  it('neutralises markup in names from survey files', () => {
    expect(escapeHtml('<img src=x onerror="alert(1)"> & \'co\'')).toBe(
      '&lt;img src=x onerror=&quot;alert(1)&quot;&gt; &amp; &#39;co&#39;',
    );
  });
});

describe('shortLabel', () => {
  it('keeps a short name', () => {
    expect(shortLabel('Police services')).toBe('Police services');
  });

  it('drops an "(e.g., ...)" aside first', () => {
    expect(
      shortLabel('Solid waste services (e.g., residential trash and recycling services)'),
    ).toBe('Solid waste services');
  });

  it('cuts a long name at a word boundary', () => {
    const label = shortLabel('Maintenance of City streets, sidewalks, and infrastructure', 36);
    expect(label).toBe('Maintenance of City streets…');
    expect(label.length).toBeLessThanOrEqual(36);
  });
});

describe('niceCeil', () => {
  it.each([
    [0.37, 0.4],
    [1, 1],
    [1.2, 1.5],
    [2.2, 2.5],
    [13.4, 15],
    [31.5, 40],
    [0.041, 0.05],
  ])('rounds %s up to %s', (x, nice) => {
    expect(niceCeil(x)).toBeCloseTo(nice, 10);
  });

  it('gives 1 for nothing to show', () => {
    expect(niceCeil(0)).toBe(1);
    expect(niceCeil(Number.NaN)).toBe(1);
  });
});
