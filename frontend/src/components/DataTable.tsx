// A sortable, accessible table: sort buttons in the column headers, `aria-sort` on the sorted
// column, a caption naming the table, and missing values sorted last whichever the direction.
import { useMemo, useState, type ReactNode } from 'react';

export type SortValue = string | number | null | undefined;
export type SortDirection = 'ascending' | 'descending';

export interface Column<Row> {
  key: string;
  header: string;
  cell: (row: Row) => ReactNode;
  /** The value to sort by; a column without one cannot be sorted. */
  sortValue?: (row: Row) => SortValue;
  /** Right-aligned, tabular figures. */
  numeric?: boolean;
  /** The cell names its row (a `<th scope="row">`). */
  rowHeader?: boolean;
  /** A short explanation shown on hover and read by screen readers. */
  description?: string;
}

export interface SortState {
  key: string;
  direction: SortDirection;
}

interface DataTableProps<Row> {
  caption: ReactNode;
  columns: readonly Column<Row>[];
  rows: readonly Row[];
  rowKey: (row: Row) => string | number;
  initialSort?: SortState;
  /** Hide the caption visually (it still names the table). */
  captionHidden?: boolean;
}

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

/** Orders rows by a column; missing values go last in both directions. Stable. */
export function sortRows<Row>(
  rows: readonly Row[],
  value: (row: Row) => SortValue,
  direction: SortDirection,
): Row[] {
  const sign = direction === 'ascending' ? 1 : -1;
  return rows
    .map((row, index) => ({ row, index, v: value(row) }))
    .sort((a, b) => {
      const aMissing = a.v === null || a.v === undefined || Number.isNaN(a.v);
      const bMissing = b.v === null || b.v === undefined || Number.isNaN(b.v);
      if (aMissing || bMissing) {
        return aMissing === bMissing ? a.index - b.index : aMissing ? 1 : -1;
      }
      const order =
        typeof a.v === 'number' && typeof b.v === 'number'
          ? a.v - b.v
          : collator.compare(String(a.v), String(b.v));
      return order === 0 ? a.index - b.index : sign * order;
    })
    .map(({ row }) => row);
}

export function DataTable<Row>({
  caption,
  columns,
  rows,
  rowKey,
  initialSort,
  captionHidden,
}: DataTableProps<Row>) {
  const [sort, setSort] = useState<SortState | undefined>(initialSort);
  const sorted = useMemo(() => {
    const column = sort && columns.find((c) => c.key === sort.key);
    return column?.sortValue && sort ? sortRows(rows, column.sortValue, sort.direction) : rows;
  }, [rows, columns, sort]);

  const toggle = (column: Column<Row>) => {
    setSort((current) => ({
      key: column.key,
      direction:
        current?.key === column.key && current.direction === 'ascending'
          ? 'descending'
          : current?.key === column.key
            ? 'ascending'
            : column.numeric
              ? 'descending'
              : 'ascending',
    }));
  };

  return (
    <div className="table-scroll">
      <table className="table table--data">
        <caption className={captionHidden ? 'visually-hidden' : undefined}>{caption}</caption>
        <thead>
          <tr>
            {columns.map((column) => {
              const active = sort?.key === column.key ? sort.direction : undefined;
              return (
                <th
                  key={column.key}
                  scope="col"
                  className={column.numeric ? 'num' : undefined}
                  aria-sort={column.sortValue ? (active ?? 'none') : undefined}
                  title={column.description}
                >
                  {column.sortValue ? (
                    <button type="button" className="sort" onClick={() => toggle(column)}>
                      {column.header}
                      <span className="sort__icon" aria-hidden="true">
                        {active === 'ascending' ? '↑' : active === 'descending' ? '↓' : '↕'}
                      </span>
                    </button>
                  ) : (
                    column.header
                  )}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {sorted.map((row) => (
            <tr key={rowKey(row)}>
              {columns.map((column) =>
                column.rowHeader ? (
                  <th key={column.key} scope="row" className={column.numeric ? 'num' : undefined}>
                    {column.cell(row)}
                  </th>
                ) : (
                  <td key={column.key} className={column.numeric ? 'num' : undefined}>
                    {column.cell(row)}
                  </td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
