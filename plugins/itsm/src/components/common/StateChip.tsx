import {
  isTerminalState,
  ItsmRecordType,
} from '@backstage-itsm/plugin-itsm-common';
import { Chip } from '@material-ui/core';
import { makeStyles } from '@material-ui/core/styles';
import { humanize } from './format';

/**
 * The theme's secondary colour (a light pink) is too light for small text
 * on it or in it (contrast under 4.5:1): its dark shade is not.
 */
export const useChipStyles = makeStyles(theme => ({
  colorSecondary: {
    backgroundColor: theme.palette.secondary.dark,
    color: theme.palette.getContrastText(theme.palette.secondary.dark),
  },
  outlinedSecondary: {
    color: theme.palette.secondary.dark,
    borderColor: theme.palette.secondary.dark,
  },
}));

const BAD_ENDS = ['cancelled', 'rejected', 'declined', 'terminated', 'expired'];
const GOOD = ['resolved', 'closed', 'active'];

/** The state of a record as a small chip, coloured by whether it has ended. */
export const StateChip = (props: { type: ItsmRecordType; state: string }) => {
  const { type, state } = props;
  const classes = useChipStyles();
  const ended = isTerminalState(type, state);
  let color: 'default' | 'primary' | 'secondary' = 'primary';
  if (BAD_ENDS.includes(state)) color = 'default';
  else if (GOOD.includes(state) || ended) color = 'secondary';
  return (
    <Chip
      size="small"
      label={humanize(state)}
      color={color}
      variant={ended ? 'outlined' : 'default'}
      classes={classes}
      aria-label={`State: ${humanize(state)}`}
    />
  );
};

const PRIORITY_COLORS: Record<string, 'secondary' | 'primary' | 'default'> = {
  P1: 'secondary',
  P2: 'primary',
};

/** An incident priority chip (P1 .. P4). */
export const PriorityChip = (props: { priority?: string | null }) => {
  const classes = useChipStyles();
  if (!props.priority) return <>—</>;
  return (
    <Chip
      classes={classes}
      size="small"
      label={props.priority}
      color={PRIORITY_COLORS[props.priority] ?? 'default'}
      aria-label={`Priority ${props.priority}`}
    />
  );
};
