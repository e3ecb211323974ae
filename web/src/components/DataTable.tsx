/** A data table from columns: caption, column headers, one row per item, the row's name a row header. */
import type { ComponentChildren } from 'preact';
import { TableScroll } from './common.tsx';

export interface Column<T> {
  header: ComponentChildren;
  cell: (row: T, index: number) => ComponentChildren;
  /** Right-aligned (numbers). */
  num?: boolean;
  /** The cell names the row (a row header). */
  rowHeader?: boolean;
  /** A class of the body cells. */
  className?: string;
  /** Tooltip of the header. */
  title?: string;
}

export function DataTable<T>({
  caption,
  label,
  columns,
  rows,
  rowKey,
  className,
}: {
  caption: ComponentChildren;
  /** Name of the scrolling frame (the caption when it is plain words). */
  label: string;
  columns: ReadonlyArray<Column<T>>;
  rows: readonly T[];
  rowKey: (row: T, index: number) => string;
  /** Classes added to `data`. */
  className?: string;
}) {
  return (
    <TableScroll label={label}>
      <table class={className ? `data ${className}` : 'data'}>
        <caption>{caption}</caption>
        <thead>
          <tr>
            {columns.map((column, index) => (
              <th key={index} scope="col" class={column.num ? 'num' : undefined} title={column.title}>
                {column.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, rowIndex) => (
            <tr key={rowKey(row, rowIndex)}>
              {columns.map((column, index) => {
                const classes =
                  [column.num ? 'num' : '', column.className ?? ''].join(' ').trim() || undefined;
                const content = column.cell(row, rowIndex);
                return column.rowHeader ? (
                  <th key={index} scope="row" class={classes}>
                    {content}
                  </th>
                ) : (
                  <td key={index} class={classes}>
                    {content}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}
