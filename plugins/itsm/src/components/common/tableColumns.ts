import type { TableColumn } from '@backstage/core-components';

/**
 * The columns of a Backstage table, with cells that wrap between words:
 * the table breaks long words anywhere ("storefr ont-team") unless told
 * otherwise. A line then breaks at a space, after a hyphen, or after the
 * kind of an entity ref (EntityLink marks that place).
 */
export function wrapAtWords<T extends object>(
  columns: TableColumn<T>[],
): TableColumn<T>[] {
  return columns.map(column => ({
    ...column,
    cellStyle: column.cellStyle ?? { wordBreak: 'normal' },
  }));
}
