import { describe, expect, it } from 'vitest';

import { assessment, category, demoTeam, SAN_DIEGO_2015, wholeBook } from '../test/fixtures';
import { categoriesOf, categoryKey, measureInfo, measureOf, parseMeasureKey } from './measures';

describe('measure keys', () => {
  it('round-trips through the URL', () => {
    expect(parseMeasureKey('score')).toBe('score');
    expect(parseMeasureKey('category:12')).toBe('category:12');
    expect(parseMeasureKey('category:x')).toBeNull();
    expect(parseMeasureKey(null)).toBeNull();
  });

  it('names units after the cycle scale', () => {
    const scale = SAN_DIEGO_2015.performance_scale;
    expect(measureInfo('iwp', scale).unit).toBe('points on the 1–5 scale');
    expect(measureInfo('f', scale)).toMatchObject({ unit: 'percentage points', factor: 100 });
    expect(measureInfo(categoryKey(3), scale, 'Police services').label).toBe('Police services');
  });
});

describe('measureOf', () => {
  const a = assessment(1, 'District 1', {
    wholeBook: [wholeBook(1, 'score', { mean: 70 })],
    categories: [category(1, 12, 'Police services', { mean: 3.2 })],
  });

  it('finds a whole-book measure and a category', () => {
    expect(measureOf(a, 'score')?.mean).toBe(70);
    expect(measureOf(a, categoryKey(12))?.mean).toBe(3.2);
  });

  it('gives nothing for a measure the book has no value for', () => {
    expect(measureOf(a, 'iwp')).toBeUndefined();
    expect(measureOf(a, categoryKey(99))).toBeUndefined();
  });
});

describe('categoriesOf', () => {
  it('collects the categories of books that skipped some, in id order without a catalog', () => {
    const ids = categoriesOf(demoTeam()).map((c) => c.id);
    expect(ids).toEqual([11, 12, 13, 14, 15]);
  });

  it('follows the catalog order when given', () => {
    const order = [15, 14, 13, 12, 11].map((id) => ({ id }));
    expect(categoriesOf(demoTeam(), order).map((c) => c.id)).toEqual([15, 14, 13, 12, 11]);
  });

  it('is empty without assessments or without categories', () => {
    expect(categoriesOf([])).toEqual([]);
    expect(categoriesOf([assessment(1, 'District 1', { withheld: true })])).toEqual([]);
  });
});
