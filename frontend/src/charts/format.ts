// Small, pure formatting helpers shared by the chart option builders and the pages.

const MINUS = '\u2212';

/** A number with a fixed number of decimals, a real minus sign, and '–' for a missing value. */
export function formatNumber(value: number | null | undefined, digits = 2): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–';
  const text = Math.abs(value).toFixed(digits);
  // -0.00 reads as 0.00: a rounded zero has no sign.
  return value < 0 && Number(text) !== 0 ? `${MINUS}${text}` : text;
}

/** A difference with its sign always shown: +0.31, −0.12, 0.00. */
export function formatSigned(value: number | null | undefined, digits = 2): string {
  const text = formatNumber(value, digits);
  return value !== null && value !== undefined && value > 0 && Number(text) !== 0
    ? `+${text}`
    : text;
}

/** An integer with thousands separators (2,477). */
export function formatCount(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–';
  return Math.round(value).toLocaleString('en-US');
}

/** Escapes text for the HTML of an echarts tooltip: names come from survey files. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/**
 * A label short enough for a chart axis: drops a trailing "(e.g., ...)" aside, then cuts at a
 * word boundary with an ellipsis. The full name belongs in the tooltip and the data table.
 */
export function shortLabel(name: string, max = 36): string {
  let text = name.replace(/\s*\((e\.g\.|i\.e\.)[^)]*\)\s*$/i, '').trim();
  if (text.length <= max) return text;
  text = text.slice(0, max - 1);
  const space = text.lastIndexOf(' ');
  if (space > max / 2) text = text.slice(0, space);
  return `${text.replace(/[\s,;:/-]+$/, '')}…`;
}

/** The smallest "nice" number at or above `x`: 1, 1.5, 2, 2.5, 3, 4, 5, 6 or 8 times a power of 10. */
export function niceCeil(x: number): number {
  if (!(x > 0) || !Number.isFinite(x)) return 1;
  const power = 10 ** Math.floor(Math.log10(x));
  for (const step of [1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10]) {
    const nice = step * power;
    if (nice >= x * (1 - 1e-12)) return nice;
  }
  return 10 * power;
}
