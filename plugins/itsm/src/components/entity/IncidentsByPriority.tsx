import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import {
  formatTotalCount,
  PRIORITIES,
} from '@backstage-itsm/plugin-itsm-common';
import type { Priority } from '@backstage-itsm/plugin-itsm-common';
import { useChipStyles } from '../common/StateChip';

/** One chip per priority with the number of open incidents. */
export const IncidentsByPriority = (props: {
  counts: Record<Priority, number>;
  /** Priorities whose count stopped at the server's bound (shown as `n+`). */
  lowerBounds?: Partial<Record<Priority, boolean>>;
}) => {
  const classes = useChipStyles();
  return (
    <Box
      component="ul"
      aria-label="Open incidents by priority"
      display="flex"
      flexWrap="wrap"
      p={0}
      m={0}
      mb={1}
      style={{ listStyle: 'none', gap: 8 }}
    >
      {PRIORITIES.map(priority => (
        <li key={priority}>
          <Chip
            classes={classes}
            size="small"
            color={
              priority === 'P1' && props.counts[priority] > 0
                ? 'secondary'
                : 'default'
            }
            label={`${priority}: ${formatTotalCount({
              totalCount: props.counts[priority],
              totalCountIsLowerBound: props.lowerBounds?.[priority],
            })}`}
          />
        </li>
      ))}
    </Box>
  );
};
