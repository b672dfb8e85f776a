import { Typography } from '@material-ui/core';
import { ChangeCalendarResponse } from '../../../api';
import {
  coversDay,
  dayKey,
  freezeScopeText,
  freezeShades,
} from './calendarModel';
import { useCalendarStyles } from './calendarStyles';
import { ChangeEntry } from './ChangeEntry';

type Freeze = ChangeCalendarResponse['freezeWindows'][number];

/** The freeze windows of a day, each with its scope; shaded only where they apply. */
export const FreezeLabels = (props: {
  freezes: Freeze[];
  filtered: boolean;
}) => {
  const classes = useCalendarStyles();
  return (
    <>
      {props.freezes.map(w => (
        <span
          key={w.id}
          className={classes.freezeLabel}
          title={w.reason || undefined}
        >
          Freeze of {freezeScopeText(w.scope)}: {w.title}
        </span>
      ))}
    </>
  );
};

/** Whether any of these freezes shades its days (see freezeShades). */
export const shades = (freezes: Freeze[], filtered: boolean) =>
  freezes.some(w => freezeShades(w.scope, filtered));

/** A day of the month view: its freezes and the changes planned on it. */
export const CalendarDay = (props: {
  day: number;
  data?: ChangeCalendarResponse;
  today: number;
  filtered: boolean;
}) => {
  const { day, data, today, filtered } = props;
  const classes = useCalendarStyles();
  const freezes = (data?.freezeWindows ?? []).filter(w =>
    coversDay(w.start, w.end, day),
  );
  const changes = (data?.changes ?? []).filter(c =>
    coversDay(c.plannedStart, c.plannedEnd, day),
  );
  const approved = new Set(
    (data?.maintenanceWindows ?? []).map(w => w.changeKey),
  );
  const shaded = shades(freezes, filtered);
  return (
    <div
      role="group"
      aria-label={dayKey(day)}
      className={[
        classes.day,
        day === today ? classes.today : '',
        shaded ? classes.frozen : '',
      ].join(' ')}
      data-freeze={shaded ? 'true' : undefined}
    >
      <Typography variant="caption" component="div">
        <strong>{new Date(day).getUTCDate()}</strong>
      </Typography>
      <FreezeLabels freezes={freezes} filtered={filtered} />
      {changes.map(change => (
        <ChangeEntry
          key={change.key}
          change={change}
          approved={approved.has(change.key)}
          showTimes={false}
        />
      ))}
    </div>
  );
};
