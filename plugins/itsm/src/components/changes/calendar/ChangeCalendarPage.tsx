import {
  Content,
  Header,
  Page,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import {
  Box,
  Button,
  ButtonGroup,
  TextField,
  Typography,
} from '@material-ui/core';
import { FormEvent, useEffect, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { useItsmPaths } from '../../common/paths';
import { useChangeCalendar } from '../hooks';
import { CalendarDay } from './CalendarDay';
import {
  CalendarView,
  dayKey,
  monthWeeks,
  parseDay,
  periodTitle,
  shiftDay,
  startOfDay,
  visibleRange,
} from './calendarModel';
import { useCalendarStyles } from './calendarStyles';
import { useEntityRefOfName } from '../../common/useEntityRefOfName';
import { WeekGrid } from './WeekGrid';

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/**
 * The change calendar at `/itsm/calendar`: planned changes per day (month or
 * week, in UTC) with conflicts, freeze windows and approved maintenance
 * windows. View, date and entity filter live in the query string
 * (`?view=month&date=2026-12-01&entityRef=...`).
 */
export const ChangeCalendarPage = () => {
  const paths = useItsmPaths();
  const classes = useCalendarStyles();
  const resolveEntity = useEntityRefOfName();
  const [filterError, setFilterError] = useState<string>();
  const [params, setParams] = useSearchParams();
  const view: CalendarView = params.get('view') === 'week' ? 'week' : 'month';
  const today = startOfDay(Date.now());
  const day = parseDay(params.get('date')) ?? today;
  const entityRef = params.get('entityRef')?.trim() ?? '';
  const range = useMemo(() => visibleRange(view, day), [view, day]);
  const [entityInput, setEntityInput] = useState(entityRef);
  useEffect(() => setEntityInput(entityRef), [entityRef]);

  const { value, loading, error, retry } = useChangeCalendar({
    from: range.from,
    to: range.to,
    entityRef: entityRef || undefined,
  });

  const update = (next: {
    view?: CalendarView;
    date?: number;
    entityRef?: string;
  }) => {
    const search = new URLSearchParams();
    search.set('view', next.view ?? view);
    search.set('date', dayKey(next.date ?? day));
    const ref = next.entityRef ?? entityRef;
    if (ref) search.set('entityRef', ref);
    setParams(search);
  };

  // A plain name (`checkout-web`) is looked up in the catalog.
  const applyFilter = async (event: FormEvent) => {
    event.preventDefault();
    const input = entityInput.trim();
    if (!input) {
      setFilterError(undefined);
      update({ entityRef: '' });
      return;
    }
    const resolved = await resolveEntity(input);
    setFilterError(resolved.error);
    if (resolved.ref) {
      setEntityInput(resolved.ref);
      update({ entityRef: resolved.ref });
    }
  };

  const header = (
    <div className={classes.grid} aria-hidden>
      {WEEKDAYS.map(name => (
        <div key={name} className={classes.weekday}>
          {name}
        </div>
      ))}
    </div>
  );

  const filtered = !!entityRef;
  const grid =
    view === 'month' ? (
      <div className={classes.grid}>
        {monthWeeks(range.days)
          .flat()
          .map((d, i) =>
            d === null ? (
              <div key={`pad-${i}`} className={classes.padding} />
            ) : (
              <CalendarDay
                key={d}
                day={d}
                data={value}
                today={today}
                filtered={filtered}
              />
            ),
          )}
      </div>
    ) : (
      <WeekGrid
        days={range.days}
        data={value}
        today={today}
        filtered={filtered}
      />
    );

  return (
    <Page themeId="tool">
      <Header
        title="Change calendar"
        subtitle="Planned changes, conflicts, freeze and maintenance windows"
        type="ITSM"
        typeLink={paths.home()}
      />
      <Content>
        <Box
          display="flex"
          flexWrap="wrap"
          alignItems="center"
          mb={2}
          style={{ gap: 8 }}
        >
          <ButtonGroup size="small" aria-label="View">
            {(['month', 'week'] as const).map(v => (
              <Button
                key={v}
                aria-pressed={view === v}
                color={view === v ? 'primary' : 'default'}
                variant={view === v ? 'contained' : 'outlined'}
                onClick={() => update({ view: v })}
              >
                {v === 'month' ? 'Month' : 'Week'}
              </Button>
            ))}
          </ButtonGroup>
          <ButtonGroup size="small" aria-label="Navigation">
            <Button onClick={() => update({ date: shiftDay(view, day, -1) })}>
              Previous
            </Button>
            <Button onClick={() => update({ date: today })}>Today</Button>
            <Button onClick={() => update({ date: shiftDay(view, day, 1) })}>
              Next
            </Button>
          </ButtonGroup>
          <Typography variant="h5" component="h2" style={{ marginLeft: 8 }}>
            {periodTitle(view, range.days)}
          </Typography>
          <Box flexGrow={1} />
          <form onSubmit={applyFilter} aria-label="Entity filter">
            {/* On white: the outlined field's label is too pale on the page background. */}
            <Box
              display="flex"
              alignItems="center"
              bgcolor="background.paper"
              p={1}
              borderRadius={4}
              style={{ gap: 8 }}
            >
              <TextField
                id="calendar-entity"
                label="Entity"
                placeholder="ledger-db or resource:default/ledger-db"
                size="small"
                variant="outlined"
                value={entityInput}
                onChange={e => setEntityInput(e.target.value)}
                error={!!filterError}
                helperText={filterError}
              />
              <Button type="submit" variant="outlined" size="small">
                Apply
              </Button>
              {entityRef && (
                <Button
                  size="small"
                  onClick={() => {
                    setEntityInput('');
                    setFilterError(undefined);
                    update({ entityRef: '' });
                  }}
                >
                  Clear
                </Button>
              )}
            </Box>
          </form>
        </Box>
        <Typography variant="body2" paragraph>
          Times in UTC. A red border and “Conflict” mark overlapping changes on
          a shared entity; shaded days are freezes that apply (of everything, or
          of the filtered entity), and each freeze names its scope; “Approved”
          marks an approved maintenance window.
        </Typography>
        {loading && <Progress aria-label="Loading the change calendar" />}
        {error && (
          <Box mb={2}>
            <ResponseErrorPanel
              error={error}
              title="Could not load the change calendar"
            />
            <Button variant="outlined" onClick={retry}>
              Try again
            </Button>
          </Box>
        )}
        {!loading && !error && value && value.changes.length === 0 && (
          <Typography variant="body1" paragraph>
            No changes planned in this period
          </Typography>
        )}
        {view === 'month' && header}
        {grid}
      </Content>
    </Page>
  );
};
