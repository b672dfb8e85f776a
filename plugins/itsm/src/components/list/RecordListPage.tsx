import {
  Content,
  ContentHeader,
  EmptyState,
  Header,
  Link,
  LinkButton,
  Page,
  Progress,
  ResponseErrorPanel,
  Table,
  TableColumn,
} from '@backstage/core-components';
import {
  DEFAULT_RECORD_SORT,
  formatTotalCount,
  isItsmRecordType,
  ItsmRecordType,
  RecordSort,
} from '@backstage-itsm/plugin-itsm-common';
import {
  Box,
  Button,
  FormControl,
  InputLabel,
  MenuItem,
  Select,
  Typography,
} from '@material-ui/core';
import { makeStyles } from '@material-ui/core/styles';
import AddIcon from '@material-ui/icons/Add';
import { useMemo } from 'react';
import { useLocation, useParams, useSearchParams } from 'react-router-dom';
import { useRecordList } from '../../hooks';
import { recordTypeDescriptor } from '../../records/registry';
import type { ListRow } from '../../records/types';
import { EntityLinks, OptionalEntityLink } from '../common/EntityLinks';
import { formatDateTime, singularInText } from '../common/format';
import { useItsmPaths } from '../common/paths';
import { RecordLink } from '../common/RecordLink';
import { StateChip } from '../common/StateChip';
import { wrapAtWords } from '../common/tableColumns';
import { UnknownTypePage } from '../common/UnknownTypePage';
import {
  EMPTY_FILTERS,
  hasFilters,
  ListFilters,
  ListView,
  listViewToSearch,
  PAGE_SIZES,
  parseListView,
  toListQuery,
} from './filters';
import { RecordFilters } from './RecordFilters';
import { useFocusOutline } from '../common/focusOutline';
import { SortHeader } from './SortHeader';
import { ExportCsvButton } from './ExportCsvButton';

const useStyles = makeStyles(theme => ({
  // The theme's grey label is too faint on the page's grey (4.47:1).
  pageSizeLabel: { color: theme.palette.text.primary },
}));

type Row = ListRow;

/** A page before the current one, kept in the history entry for "Previous page". */
type PageRef = { cursor?: string; offset: number };

function columnsFor(
  type: ItsmRecordType,
  sort: RecordSort | undefined,
  onSort: (sort: RecordSort) => void,
): TableColumn<Row>[] {
  const header = (label: string, field: string) => (
    <SortHeader label={label} field={field} sort={sort} onSort={onSort} />
  );
  const columns: TableColumn<Row>[] = [
    {
      title: header('Key', 'key'),
      field: 'key',
      width: '110px',
      render: row => <RecordLink type={type} recordKey={row.key} />,
    },
    {
      title: header('Title', 'title'),
      field: 'title',
      highlight: true,
    },
    {
      title: header('State', 'state'),
      field: 'state',
      render: row => <StateChip type={type} state={row.state} />,
    },
  ];
  for (const column of recordTypeDescriptor(type).listColumns ?? []) {
    columns.push({
      title: header(column.label, column.field),
      field: column.field as keyof Row,
      render: row => column.render(row),
    });
  }
  columns.push(
    {
      title: 'Entities',
      field: 'entityRefs',
      render: row => <EntityLinks entityRefs={row.entityRefs} max={3} />,
    },
    {
      title: 'Assigned group',
      field: 'assignedGroup',
      render: row => <OptionalEntityLink entityRef={row.assignedGroup} />,
    },
    {
      title: header('Updated', 'updatedAt'),
      field: 'updatedAt',
      render: row => formatDateTime(row.updatedAt),
    },
  );
  return wrapAtWords(columns);
}

const RecordList = (props: { type: ItsmRecordType }) => {
  const { type } = props;
  const classes = useStyles();
  const descriptor = recordTypeDescriptor(type);
  const info = descriptor.info;
  const paths = useItsmPaths();
  const [searchParams, setSearchParams] = useSearchParams();
  const location = useLocation();
  const search = searchParams.toString();
  // Everything the list shows is in the URL (filters.ts, ListView); the
  // pages before the current one are in the history entry's state.
  const view = useMemo(
    () => parseListView(type, new URLSearchParams(search)),
    [type, search],
  );
  const { filters, sort, size: limit, cursor, offset } = view;
  const before: PageRef[] =
    (cursor && (location.state as { before?: PageRef[] } | null)?.before) || [];

  const {
    value: page,
    loading,
    error,
    retry,
  } = useRecordList(type, toListQuery(filters, { limit, cursor, sort }));

  /** Shows another view: a new history entry, so Back returns here. */
  const show = (next: ListView, pagesBefore: PageRef[] = []) => {
    setSearchParams(listViewToSearch(next), {
      state: pagesBefore.length > 0 ? { before: pagesBefore } : null,
    });
  };
  // Other filters, order or size: the first page.
  const firstPage = { cursor: undefined, offset: 0 };
  const setFilters = (next: ListFilters) => {
    show({ ...view, ...firstPage, filters: next });
  };
  const setSort = (next: RecordSort) =>
    show({ ...view, ...firstPage, sort: next });
  // With a search and no order asked, the server ranks: no column is active.
  const shownSort = sort ?? (filters.q ? undefined : DEFAULT_RECORD_SORT);
  const columns = useMemo(
    () => columnsFor(type, shownSort, setSort),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [type, shownSort, search],
  );
  // material-table annotates its rows; give it copies, made once per page.
  const rows = useMemo(
    () => (page?.items ?? []).map(item => ({ ...item } as Row)),
    [page],
  );
  const filtered = hasFilters(filters);
  const lower = singularInText(info.plural);

  let body;
  if (loading) {
    body = <Progress aria-label={`Loading ${lower}`} />;
  } else if (error) {
    body = (
      <>
        <ResponseErrorPanel
          error={error}
          title={`Could not load the ${lower}`}
        />
        <Button variant="outlined" onClick={retry}>
          Try again
        </Button>
      </>
    );
  } else if (!page || page.items.length === 0) {
    body = filtered ? (
      <EmptyState
        missing="data"
        title={`No ${lower} match these filters`}
        description="Change or clear the filters, or create a record."
        action={
          <Box display="flex" style={{ gap: 8 }}>
            <Button
              variant="outlined"
              onClick={() => setFilters(EMPTY_FILTERS)}
            >
              Show all {lower}
            </Button>
            <LinkButton
              to={paths.create(type)}
              color="primary"
              variant="contained"
            >
              Create a new {singularInText(info.singular)}
            </LinkButton>
          </Box>
        }
      />
    ) : (
      <EmptyState
        missing="data"
        title={`No ${lower} yet`}
        description={info.purpose}
        action={
          <LinkButton
            to={paths.create(type)}
            color="primary"
            variant="contained"
          >
            Create the first {singularInText(info.singular)}
          </LinkButton>
        }
      />
    );
  } else {
    const first = offset + 1;
    const last = offset + page.items.length;
    body = (
      <>
        <Table<Row>
          title={`${formatTotalCount(page)} ${
            page.totalCount === 1 ? singularInText(info.singular) : lower
          }`}
          columns={columns}
          data={rows}
          options={{
            paging: false,
            search: false,
            // The headers ask the server for an order (SortHeader).
            sorting: false,
            padding: 'dense',
            draggable: false,
          }}
        />
        <Box
          display="flex"
          alignItems="center"
          justifyContent="flex-end"
          mt={1}
          style={{ gap: 16 }}
          component="nav"
          aria-label="Pages"
        >
          <FormControl size="small" style={{ minWidth: 112 }}>
            <InputLabel
              id={`${type}-page-size-label`}
              className={classes.pageSizeLabel}
            >
              Rows per page
            </InputLabel>
            <Select
              labelId={`${type}-page-size-label`}
              id={`${type}-page-size`}
              value={limit}
              onChange={e =>
                show({ ...view, ...firstPage, size: Number(e.target.value) })
              }
            >
              {PAGE_SIZES.map(size => (
                <MenuItem key={size} value={size}>
                  {size}
                </MenuItem>
              ))}
            </Select>
          </FormControl>
          <Typography variant="body2" aria-live="polite">
            {first}–{last} of {formatTotalCount(page)}
          </Typography>
          {cursor && before.length === 0 ? (
            // Opened on a later page (a link, a reload elsewhere): the pages
            // before it are unknown, the first is not.
            <Button
              variant="outlined"
              onClick={() => show({ ...view, ...firstPage })}
            >
              First page
            </Button>
          ) : (
            <Button
              variant="outlined"
              disabled={!cursor}
              onClick={() =>
                show(
                  { ...view, ...before[before.length - 1] },
                  before.slice(0, -1),
                )
              }
            >
              Previous page
            </Button>
          )}
          <Button
            variant="outlined"
            disabled={!page.nextCursor}
            onClick={() =>
              show({ ...view, cursor: page.nextCursor, offset: last }, [
                ...before,
                { cursor, offset },
              ])
            }
          >
            Next page
          </Button>
        </Box>
      </>
    );
  }

  return (
    <Page themeId="tool">
      <Header
        title={info.plural}
        subtitle={info.purpose}
        type="ITSM"
        typeLink={paths.home()}
      />
      <Content>
        <ContentHeader title={filtered ? `Filtered ${lower}` : `All ${lower}`}>
          <LinkButton
            to={paths.create(type)}
            color="primary"
            variant="contained"
            startIcon={<AddIcon />}
          >
            Create
          </LinkButton>
          <ExportCsvButton
            type={type}
            query={toListQuery(filters, { sort })}
            label={lower}
          />
          {descriptor.calendar && (
            <Link to={paths.calendar()} style={{ marginLeft: 16 }}>
              Change calendar
            </Link>
          )}
          {descriptor.releaseManagement && (
            <Link to={paths.releaseManagement()} style={{ marginLeft: 16 }}>
              Backlogs and CAB meetings
            </Link>
          )}
        </ContentHeader>
        <RecordFilters
          key={type}
          type={type}
          filters={filters}
          onChange={setFilters}
        />
        {body}
      </Content>
    </Page>
  );
};

/** The list of one record type, at `/itsm/:recordType`. */
export const RecordListPage = () => {
  useFocusOutline();
  const { recordType } = useParams();
  if (!isItsmRecordType(recordType)) {
    return <UnknownTypePage recordType={recordType} />;
  }
  return <RecordList key={recordType} type={recordType} />;
};
