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
  formatTotalCount,
  isItsmRecordType,
  ItsmRecordType,
} from '@backstage-itsm/plugin-itsm-common';
import {
  Box,
  Button,
  FormControl,
  InputLabel,
  MenuItem,
  Select,
  Tooltip,
  Typography,
} from '@material-ui/core';
import { makeStyles } from '@material-ui/core/styles';
import AddIcon from '@material-ui/icons/Add';
import { useMemo, useState } from 'react';
import { useParams, useSearchParams } from 'react-router-dom';
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
  filtersToSearch,
  hasFilters,
  ListFilters,
  parseFilters,
  toListQuery,
} from './filters';
import { RecordFilters } from './RecordFilters';
import { useFocusOutline } from '../common/focusOutline';

const PAGE_SIZES = [25, 50, 100];

const useStyles = makeStyles(theme => ({
  // The theme's grey label is too faint on the page's grey (4.47:1).
  pageSizeLabel: { color: theme.palette.text.primary },
}));
const SORT_NOTE = 'Sorts the rows of this page only';

const SortableTitle = (props: { label: string }) => (
  <Tooltip title={SORT_NOTE}>
    <span>{props.label}</span>
  </Tooltip>
);

function keyNumber(key: string): number {
  const n = Number(key.split('-')[1]);
  return Number.isFinite(n) ? n : 0;
}

type Row = ListRow;

function columnsFor(type: ItsmRecordType): TableColumn<Row>[] {
  const columns: TableColumn<Row>[] = [
    {
      title: <SortableTitle label="Key" />,
      field: 'key',
      width: '110px',
      customSort: (a, b) => keyNumber(a.key) - keyNumber(b.key),
      render: row => <RecordLink type={type} recordKey={row.key} />,
    },
    {
      title: <SortableTitle label="Title" />,
      field: 'title',
      highlight: true,
    },
    {
      title: <SortableTitle label="State" />,
      field: 'state',
      render: row => <StateChip type={type} state={row.state} />,
    },
  ];
  for (const column of recordTypeDescriptor(type).listColumns ?? []) {
    columns.push({
      title: <SortableTitle label={column.label} />,
      field: column.field as keyof Row,
      render: row => column.render(row),
    });
  }
  columns.push(
    {
      title: 'Entities',
      field: 'entityRefs',
      sorting: false,
      render: row => <EntityLinks entityRefs={row.entityRefs} max={3} />,
    },
    {
      title: <SortableTitle label="Assigned group" />,
      field: 'assignedGroup',
      render: row => <OptionalEntityLink entityRef={row.assignedGroup} />,
    },
    {
      title: <SortableTitle label="Updated" />,
      field: 'updatedAt',
      customSort: (a, b) => Date.parse(a.updatedAt) - Date.parse(b.updatedAt),
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
  const search = searchParams.toString();
  const filters = useMemo(
    () => parseFilters(type, new URLSearchParams(search)),
    [type, search],
  );
  const [limit, setLimit] = useState(50);
  const filterKey = `${filtersToSearch(filters).toString()}|${limit}`;

  // A stack of the pages up to the current one (their cursor and the
  // number of rows before them), reset when the filters change.
  type PageRef = { cursor?: string; offset: number };
  const [paging, setPaging] = useState<{ key: string; stack: PageRef[] }>({
    key: filterKey,
    stack: [{ offset: 0 }],
  });
  const stack = paging.key === filterKey ? paging.stack : [{ offset: 0 }];
  const { cursor, offset } = stack[stack.length - 1];
  const pageIndex = stack.length - 1;

  const {
    value: page,
    loading,
    error,
    retry,
  } = useRecordList(type, toListQuery(filters, { limit, cursor }));

  const setFilters = (next: ListFilters) => {
    setSearchParams(filtersToSearch(next));
  };
  const columns = useMemo(() => columnsFor(type), [type]);
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
          subtitle="Sorting a column orders the rows of this page only."
          columns={columns}
          data={rows}
          options={{
            paging: false,
            search: false,
            sorting: true,
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
              onChange={e => setLimit(Number(e.target.value))}
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
          <Button
            variant="outlined"
            disabled={pageIndex === 0}
            onClick={() =>
              setPaging({ key: filterKey, stack: stack.slice(0, -1) })
            }
          >
            Previous page
          </Button>
          <Button
            variant="outlined"
            disabled={!page.nextCursor}
            onClick={() =>
              setPaging({
                key: filterKey,
                stack: [...stack, { cursor: page.nextCursor, offset: last }],
              })
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
