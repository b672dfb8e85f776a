import type { ReactNode } from 'react';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';

/** A column of a {@link RecordTable}. */
export interface Column<T> {
  title: string;
  render: (row: T) => ReactNode;
}

/** A small, plain table of records, one row per record. */
export function RecordTable<T extends { key: string }>(props: {
  label: string;
  columns: Column<T>[];
  rows: T[];
}) {
  return (
    <Table size="small" aria-label={props.label}>
      <TableHead>
        <TableRow>
          {props.columns.map(column => (
            <TableCell key={column.title}>{column.title}</TableCell>
          ))}
        </TableRow>
      </TableHead>
      <TableBody>
        {props.rows.map(row => (
          <TableRow key={row.key}>
            {props.columns.map(column => (
              <TableCell key={column.title}>{column.render(row)}</TableCell>
            ))}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
