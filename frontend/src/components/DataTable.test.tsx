import { fireEvent, render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import { DataTable, sortRows, type Column } from './DataTable';

interface Row {
  name: string;
  score: number | null;
}

const rows: Row[] = [
  { name: 'District 10', score: 61 },
  { name: 'District 2', score: null },
  { name: 'District 1', score: 70.5 },
];

const columns: Column<Row>[] = [
  {
    key: 'name',
    header: 'Account manager',
    rowHeader: true,
    sortValue: (r) => r.name,
    cell: (r) => r.name,
  },
  {
    key: 'score',
    header: 'Mean score',
    numeric: true,
    sortValue: (r) => r.score,
    cell: (r) => r.score ?? '–',
  },
  { key: 'note', header: 'Note', cell: () => 'x' },
];

const names = () => screen.getAllByRole('rowheader').map((c) => c.textContent);

describe('sortRows', () => {
  it('puts missing values last in both directions', () => {
    const value = (r: Row) => r.score;
    expect(sortRows(rows, value, 'ascending').map((r) => r.score)).toEqual([61, 70.5, null]);
    expect(sortRows(rows, value, 'descending').map((r) => r.score)).toEqual([70.5, 61, null]);
  });

  it('sorts names as people read numbers in them', () => {
    expect(sortRows(rows, (r) => r.name, 'ascending').map((r) => r.name)).toEqual([
      'District 1',
      'District 2',
      'District 10',
    ]);
  });
});

describe('DataTable', () => {
  it('is a captioned table', () => {
    render(
      <DataTable caption="Account managers" columns={columns} rows={rows} rowKey={(r) => r.name} />,
    );
    expect(screen.getByRole('table', { name: 'Account managers' }).tagName).toBe('TABLE');
  });

  it('sorts by a column from a button in its header, and says so', () => {
    render(
      <DataTable
        caption="Account managers"
        columns={columns}
        rows={rows}
        rowKey={(r) => r.name}
        initialSort={{ key: 'name', direction: 'ascending' }}
      />,
    );
    const nameHeader = screen.getByRole('columnheader', { name: /Account manager/ });
    const scoreHeader = screen.getByRole('columnheader', { name: /Mean score/ });
    expect(nameHeader.getAttribute('aria-sort')).toBe('ascending');
    expect(names()).toEqual(['District 1', 'District 2', 'District 10']);

    // Numbers sort largest first on the first press.
    fireEvent.click(within(scoreHeader).getByRole('button'));
    expect(scoreHeader.getAttribute('aria-sort')).toBe('descending');
    expect(nameHeader.getAttribute('aria-sort')).toBe('none');
    expect(names()).toEqual(['District 1', 'District 10', 'District 2']);

    fireEvent.click(within(scoreHeader).getByRole('button'));
    expect(scoreHeader.getAttribute('aria-sort')).toBe('ascending');
    expect(names()).toEqual(['District 10', 'District 1', 'District 2']);
  });

  it('offers no sorting where a column has no sort value', () => {
    render(
      <DataTable caption="Account managers" columns={columns} rows={rows} rowKey={(r) => r.name} />,
    );
    const note = screen.getByRole('columnheader', { name: 'Note' });
    expect(within(note).queryByRole('button')).toBeNull();
    expect(note.hasAttribute('aria-sort')).toBe(false);
  });
});
