import { Table, TableColumn } from '@backstage/core-components';
import {
  formatTotalCount,
  ITSM_RECORD_TYPE_INFO,
  ItsmRecord,
} from '@backstage-itsm/plugin-itsm-common';
import { useMemo } from 'react';
import { OptionalEntityLink } from '../common/EntityLinks';
import { formatDateTime } from '../common/format';
import { RecordLink } from '../common/RecordLink';
import { PriorityChip, StateChip } from '../common/StateChip';
import { useCursorPages, useMyWork } from './hooks';
import { WorkSectionInfo } from './sections';
import { sectionStatus } from './SectionStatus';
import { WorkPager } from './WorkPager';

export const WORK_PAGE_SIZE = 25;

type Row = ItsmRecord & { priority?: string | null };

const COLUMNS: TableColumn<Row>[] = (
  [
    {
      title: 'Key',
      field: 'key',
      width: '110px',
      render: row => <RecordLink type={row.type} recordKey={row.key} />,
    },
    { title: 'Title', field: 'title', highlight: true },
    {
      title: 'Type',
      field: 'type',
      render: row => ITSM_RECORD_TYPE_INFO[row.type].singular,
    },
    {
      title: 'State',
      field: 'state',
      render: row => <StateChip type={row.type} state={row.state} />,
    },
    {
      title: 'Priority',
      field: 'priority',
      render: row => <PriorityChip priority={row.priority} />,
    },
    {
      title: 'Assigned group',
      field: 'assignedGroup',
      render: row => <OptionalEntityLink entityRef={row.assignedGroup} />,
    },
    {
      title: 'Assignee',
      field: 'assignee',
      render: row => <OptionalEntityLink entityRef={row.assignee} />,
    },
    {
      title: 'Created',
      field: 'createdAt',
      render: row => formatDateTime(row.createdAt),
    },
  ] as TableColumn<Row>[]
).map(column => ({ ...column, cellStyle: { wordBreak: 'normal' } }));

/**
 * A section of "My work" as a table of records, newest first, a page at a
 * time; loading, error (with retry) and empty states.
 */
export const WorkTable = (props: { info: WorkSectionInfo }) => {
  const { info } = props;
  const pages = useCursorPages();
  const {
    value: page,
    loading,
    error,
    retry,
  } = useMyWork(info.section, {
    limit: WORK_PAGE_SIZE,
    cursor: pages.cursor,
  });
  // material-table annotates its rows; give it copies, made once per page.
  const rows = useMemo(
    () => (page?.items ?? []).map(item => ({ ...item } as Row)),
    [page],
  );
  const status = sectionStatus({
    info,
    // Each page is read anew: progress whenever it loads.
    loading,
    error,
    retry,
    count: loading ? undefined : page?.items.length,
  });
  if (status || !page) return status;
  return (
    <>
      <Table<Row>
        title={`${info.label} (${formatTotalCount(page)})`}
        subtitle={info.description}
        columns={COLUMNS}
        data={rows}
        options={{
          paging: false,
          search: false,
          sorting: false,
          padding: 'dense',
          draggable: false,
        }}
      />
      <WorkPager label={info.label} page={page} pages={pages} />
    </>
  );
};
