import type { CSSProperties } from 'react';
import { Link } from '@backstage/core-components';
import { Typography } from '@material-ui/core';
import { CalendarChange } from '../../../api';
import { useItsmPaths } from '../../common/paths';
import { useCalendarStyles } from './calendarStyles';
import { timeOf } from './calendarModel';

/** One planned change on the calendar, with its conflict, freeze and approval marks. */
export const ChangeEntry = (props: {
  change: CalendarChange;
  approved: boolean;
  showTimes: boolean;
  /** Placement on the week's time grid. */
  style?: CSSProperties;
  className?: string;
}) => {
  const { change, approved, showTimes, style, className } = props;
  const classes = useCalendarStyles();
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
      style={style}
      className={[
        classes.entry,
        className ?? '',
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
