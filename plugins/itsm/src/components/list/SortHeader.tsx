import {
  isRecordSort,
  nextRecordSort,
  parseRecordSort,
  RecordSort,
  RecordSortField,
} from '@backstage-itsm/plugin-itsm-common';
import { TableSortLabel } from '@material-ui/core';
import { useEffect, useRef } from 'react';

/**
 * A column header that orders the whole list on the server: a click sorts
 * by the column (itsm-common's nextRecordSort: the newest first for the key
 * and instants, otherwise ascending), a second click reverses it. The
 * active column's header cell says its direction (`aria-sort`). A column
 * that is no sort field is a plain label.
 */
export const SortHeader = (props: {
  label: string;
  field: string;
  /** The list's order; none while a search is ranked. */
  sort: RecordSort | undefined;
  onSort: (sort: RecordSort) => void;
}) => {
  const { label, field, sort, onSort } = props;
  const ref = useRef<HTMLSpanElement>(null);
  const sortable = isRecordSort(field);
  const active = sort ? parseRecordSort(sort) : undefined;
  const isActive = sortable && active?.field === field;
  const direction = isActive && active?.descending ? 'descending' : 'ascending';
  useEffect(() => {
    // material-table renders the <th>; the state of the order belongs there.
    const cell = ref.current?.closest('th');
    if (!cell) return;
    if (isActive) cell.setAttribute('aria-sort', direction);
    else cell.removeAttribute('aria-sort');
  }, [isActive, direction]);
  if (!sortable) return <>{label}</>;
  return (
    <TableSortLabel
      ref={ref}
      active={isActive}
      direction={direction === 'descending' ? 'desc' : 'asc'}
      title={`Sort all by ${label.toLocaleLowerCase('en-US')}`}
      onClick={() =>
        onSort(nextRecordSort(sort ?? '-key', field as RecordSortField))
      }
    >
      {label}
    </TableSortLabel>
  );
};
