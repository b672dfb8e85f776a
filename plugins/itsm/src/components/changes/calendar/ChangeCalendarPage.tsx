import {
  Content,
  Header,
  Link,
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
import { makeStyles } from '@material-ui/core/styles';
import { FormEvent, useEffect, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { CalendarChange, ChangeCalendarResponse } from '../../../api';
import { useItsmPaths } from '../../common/paths';
import { useChangeCalendar } from '../hooks';
import {
  CalendarView,
  coversDay,
  dayKey,
  dayTitle,
  monthWeeks,
  parseDay,
  periodTitle,
  shiftDay,
  startOfDay,
  timeOf,
  visibleRange,
} from './calendarModel';

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

const useStyles = makeStyles(theme => ({
  grid: {
    display: 'grid',
    gridTemplateColumns: 'repeat(7, minmax(0, 1fr))',
    gap: 4,
  },
  weekday: {
    fontWeight: 600,
    textAlign: 'center',
    color: theme.palette.text.secondary,
  },
  day: {
    minHeight: 110,
    padding: theme.spacing(0.5),
    border: `1px solid ${theme.palette.divider}`,
    borderRadius: 4,
    overflow: 'hidden',
  },
  weekDay: { minHeight: 320 },
  padding: { minHeight: 110, opacity: 0 },
  today: { borderColor: theme.palette.primary.main, borderWidth: 2 },
  frozen: {
    backgroundImage: `repeating-linear-gradient(45deg, ${theme.palette.action.hover}, ${theme.palette.action.hover} 6px, transparent 6px, transparent 12px)`,
    backgroundColor: theme.palette.action.selected,
  },
  freezeLabel: {
    display: 'block',
    fontSize: '0.7rem',
    color: theme.palette.text.secondary,
    fontStyle: 'italic',
  },
  entry: {
    margin: '2px 0',
    padding: '2px 4px',
    borderRadius: 4,
    border: `1px solid ${theme.palette.divider}`,
    backgroundColor: theme.palette.background.paper,
    fontSize: '0.75rem',
    lineHeight: 1.3,
    wordBreak: 'break-word',
  },
  conflict: { border: `2px solid ${theme.palette.error.main}` },
  inFreeze: { borderStyle: 'dashed' },
  label: {
    display: 'inline-block',
    marginLeft: 4,
    padding: '0 4px',
    borderRadius: 3,
    fontSize: '0.65rem',
    fontWeight: 600,
    textTransform: 'uppercase',
  },
  conflictLabel: {
    color: theme.palette.error.contrastText,
    backgroundColor: theme.palette.error.main,
  },
  freezeMark: {
    color: theme.palette.text.primary,
    backgroundColor: theme.palette.action.selected,
  },
  approvedMark: {
    color: theme.palette.success?.contrastText ?? '#fff',
    backgroundColor: theme.palette.success?.main ?? '#2e7d32',
  },
}));

const ChangeEntry = (props: {
  change: CalendarChange;
  approved: boolean;
  showTimes: boolean;
}) => {
  const { change, approved, showTimes } = props;
  const classes = useStyles();
  const paths = useItsmPaths();
  const conflict = change.conflicts.length > 0;
  const frozen = change.freezeWindows.length > 0;
  const notes = [
    conflict ? `Conflicts with ${change.conflicts.join(', ')}` : undefined,
    frozen ? `In freeze window ${change.freezeWindows.join(', ')}` : undefined,
    approved ? 'Approved maintenance window' : undefined,
  ].filter(Boolean);
  return (
    <div
      className={[
        classes.entry,
        conflict ? classes.conflict : '',
        frozen ? classes.inFreeze : '',
      ].join(' ')}
      data-conflict={conflict ? 'true' : undefined}
      data-freeze={frozen ? 'true' : undefined}
      title={notes.join('; ') || undefined}
    >
      <Link to={paths.detail('changes', change.key)}>
        {`${change.key} ${change.title}`}
      </Link>
      {showTimes && change.plannedStart && (
        <Typography variant="caption" component="div" color="textSecondary">
          {timeOf(change.plannedStart)}
          {change.plannedEnd ? `–${timeOf(change.plannedEnd)}` : ''} UTC
        </Typography>
      )}
      {conflict && (
        <span
          className={`${classes.label} ${classes.conflictLabel}`}
          title={`Conflicts with ${change.conflicts.join(', ')}`}
        >
          Conflict
        </span>
      )}
      {frozen && (
        <span className={`${classes.label} ${classes.freezeMark}`}>
          In freeze
        </span>
      )}
      {approved && (
        <span className={`${classes.label} ${classes.approvedMark}`}>
          Approved
        </span>
      )}
    </div>
  );
};

const Day = (props: {
  day: number;
  view: CalendarView;
  data?: ChangeCalendarResponse;
  today: number;
}) => {
  const { day, view, data, today } = props;
  const classes = useStyles();
  const freezes = (data?.freezeWindows ?? []).filter(w =>
    coversDay(w.start, w.end, day),
  );
  const changes = (data?.changes ?? []).filter(c =>
    coversDay(c.plannedStart, c.plannedEnd, day),
  );
  const approved = new Set(
    (data?.maintenanceWindows ?? []).map(w => w.changeKey),
  );
  return (
    <div
      role="group"
      aria-label={dayKey(day)}
      className={[
        classes.day,
        view === 'week' ? classes.weekDay : '',
        day === today ? classes.today : '',
        freezes.length ? classes.frozen : '',
      ].join(' ')}
      data-freeze={freezes.length ? 'true' : undefined}
    >
      <Typography variant="caption" component="div">
        <strong>
          {view === 'week' ? dayTitle(day) : new Date(day).getUTCDate()}
        </strong>
      </Typography>
      {freezes.map(w => (
        <span key={w.id} className={classes.freezeLabel}>
          Freeze: {w.title}
        </span>
      ))}
      {changes.map(change => (
        <ChangeEntry
          key={change.key}
          change={change}
          approved={approved.has(change.key)}
          showTimes={view === 'week'}
        />
      ))}
    </div>
  );
};

/**
 * The change calendar at `/itsm/calendar`: planned changes per day (month or
 * week, in UTC) with conflicts, freeze windows and approved maintenance
 * windows. View, date and entity filter live in the query string
 * (`?view=month&date=2026-12-01&entityRef=...`).
 */
export const ChangeCalendarPage = () => {
  const paths = useItsmPaths();
  const classes = useStyles();
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

  const applyFilter = (event: FormEvent) => {
    event.preventDefault();
    update({ entityRef: entityInput.trim() });
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

  let grid;
  if (view === 'month') {
    grid = (
      <div className={classes.grid}>
        {monthWeeks(range.days)
          .flat()
          .map((d, i) =>
            d === null ? (
              <div key={`pad-${i}`} className={classes.padding} />
            ) : (
              <Day key={d} day={d} view={view} data={value} today={today} />
            ),
          )}
      </div>
    );
  } else {
    grid = (
      <div className={classes.grid}>
        {range.days.map(d => (
          <Day key={d} day={d} view={view} data={value} today={today} />
        ))}
      </div>
    );
  }

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
            <Box display="flex" alignItems="center" style={{ gap: 8 }}>
              <TextField
                id="calendar-entity"
                label="Entity"
                placeholder="resource:default/ledger-db"
                size="small"
                variant="outlined"
                value={entityInput}
                onChange={e => setEntityInput(e.target.value)}
              />
              <Button type="submit" variant="outlined" size="small">
                Apply
              </Button>
              {entityRef && (
                <Button
                  size="small"
                  onClick={() => {
                    setEntityInput('');
                    update({ entityRef: '' });
                  }}
                >
                  Clear
                </Button>
              )}
            </Box>
          </form>
        </Box>
        <Typography variant="body2" color="textSecondary" paragraph>
          Times in UTC. A red border and “Conflict” mark overlapping changes on
          a shared entity; shaded days are freeze windows; “Approved” marks an
          approved maintenance window.
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
        {header}
        {grid}
      </Content>
    </Page>
  );
};
