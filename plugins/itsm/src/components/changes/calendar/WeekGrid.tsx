import { Typography } from '@material-ui/core';
import type { CSSProperties } from 'react';
import { ChangeCalendarResponse } from '../../../api';
import { FreezeLabels, shades } from './CalendarDay';
import { coversDay, dayBlocks, dayKey, dayTitle } from './calendarModel';
import { useCalendarStyles } from './calendarStyles';
import { ChangeEntry } from './ChangeEntry';

/** Pixels per hour of the week's time grid. */
const HOUR_PX = 28;
const HOURS = Array.from({ length: 24 }, (_, h) => h);

/**
 * The week view: a row per day for its freeze windows, then a time grid of
 * 24 hours (UTC) with each change placed at its planned hours; changes that
 * overlap stand side by side.
 */
export const WeekGrid = (props: {
  days: number[];
  data?: ChangeCalendarResponse;
  today: number;
  filtered: boolean;
}) => {
  const { days, data, today, filtered } = props;
  const classes = useCalendarStyles();
  const approved = new Set(
    (data?.maintenanceWindows ?? []).map(w => w.changeKey),
  );
  const freezesOf = (day: number) =>
    (data?.freezeWindows ?? []).filter(w => coversDay(w.start, w.end, day));
  return (
    <>
      <div className={classes.timeGrid}>
        <div />
        {days.map(day => {
          const freezes = freezesOf(day);
          return (
            <div
              key={day}
              className={[
                classes.day,
                day === today ? classes.today : '',
                shades(freezes, filtered) ? classes.frozen : '',
              ].join(' ')}
              style={{ minHeight: 0 }}
              data-freeze={shades(freezes, filtered) ? 'true' : undefined}
            >
              <Typography variant="caption" component="div">
                <strong>{dayTitle(day)}</strong>
              </Typography>
              <FreezeLabels freezes={freezes} filtered={filtered} />
            </div>
          );
        })}
      </div>
      <div
        className={classes.timeGrid}
        style={{ ['--hour-height' as string]: `${HOUR_PX}px` }}
      >
        <div aria-hidden>
          {HOURS.map(h => (
            <div
              key={h}
              className={classes.hourLabel}
              style={{ height: HOUR_PX }}
            >
              {`${String(h).padStart(2, '0')}:00`}
            </div>
          ))}
        </div>
        {days.map(day => (
          <div
            key={day}
            role="group"
            aria-label={dayKey(day)}
            className={classes.timeColumn}
            style={{ height: 24 * HOUR_PX }}
          >
            {dayBlocks(data?.changes ?? [], day).map(block => {
              const style: CSSProperties = {
                top: (block.top / 60) * HOUR_PX,
                height: (block.height / 60) * HOUR_PX,
                left: `${(block.lane / block.lanes) * 100}%`,
                width: `${100 / block.lanes}%`,
              };
              return (
                <ChangeEntry
                  key={block.item.key}
                  change={block.item}
                  approved={approved.has(block.item.key)}
                  showTimes
                  style={style}
                  className={classes.block}
                />
              );
            })}
          </div>
        ))}
      </div>
    </>
  );
};
