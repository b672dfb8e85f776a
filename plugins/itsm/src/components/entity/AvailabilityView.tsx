import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import {
  availabilityTargetStatus,
  AvailabilityTargetStatus,
} from '@backstage-itsm/plugin-itsm-common';
import { useDangerThreshold } from '../../hooks';
import type { AvailabilityData } from './hooks';
import { AvailabilityChart } from './AvailabilityChart';
import { LoadError, Loading } from './AsyncSection';
import {
  formatMinutes,
  formatPercent,
  strictestTarget,
  TARGET_STATUS_LABEL,
} from './format';

const useStyles = makeStyles(theme => ({
  figures: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fit, minmax(110px, 1fr))',
    gap: theme.spacing(1, 2),
    margin: theme.spacing(0, 0, 2, 0),
    '& dt': {
      ...theme.typography.caption,
      color: theme.palette.text.secondary,
    },
    '& dd': {
      ...theme.typography.h6,
      margin: 0,
    },
  },
  met: { color: theme.palette.success.main },
  in_danger: { color: theme.palette.warning.dark },
  violated: { color: theme.palette.error.main },
}));

/**
 * The availability of an entity against the strictest target of the active
 * SLAs covering it: the figure, the target and its status, outages, MTTR and
 * a daily chart. Shared by the availability card and the ITSM tab.
 */
export const AvailabilityView = (props: {
  data: AvailabilityData;
  compact?: boolean;
}) => {
  const { data, compact = false } = props;
  const classes = useStyles();
  const dangerThreshold = useDangerThreshold();
  const { availability, slas } = data;

  if (availability.loading) return <Loading what="availability" />;
  if (availability.error || !availability.value) {
    return (
      <LoadError
        title="Availability figure unavailable"
        error={availability.error ?? new Error('The server sent no figure.')}
        retry={availability.retry}
      />
    );
  }

  const result = availability.value;
  const target = slas.value ? strictestTarget(slas.value) : undefined;
  const status: AvailabilityTargetStatus | undefined = target
    ? availabilityTargetStatus(result, target.percent, dangerThreshold)
    : undefined;

  let targetText: string;
  if (slas.loading) targetText = 'Loading…';
  else if (slas.error) targetText = 'Unavailable';
  else if (target) targetText = formatPercent(target.percent);
  else targetText = 'None';

  return (
    <Box>
      <dl className={classes.figures} aria-label="Availability figures">
        <div>
          <dt>Availability</dt>
          <dd>{formatPercent(result.availability)}</dd>
        </div>
        <div>
          <dt>SLA target</dt>
          <dd>{targetText}</dd>
        </div>
        <div>
          <dt>Outages</dt>
          <dd>{result.outages}</dd>
        </div>
        <div>
          <dt>MTTR</dt>
          <dd>{formatMinutes(result.mttrMinutes)}</dd>
        </div>
        {!compact && (
          <>
            <div>
              <dt>Downtime</dt>
              <dd>{formatMinutes(result.downtimeMinutes)}</dd>
            </div>
            <div>
              <dt>Degraded</dt>
              <dd>{formatMinutes(result.degradedMinutes)}</dd>
            </div>
            <div>
              <dt>MTBF</dt>
              <dd>{formatMinutes(result.mtbfMinutes)}</dd>
            </div>
          </>
        )}
      </dl>
      {status && target && (
        <Typography variant="body2" className={classes[status]}>
          {TARGET_STATUS_LABEL[status]}: {formatPercent(result.availability)}{' '}
          against {formatPercent(target.percent)} ({target.sla.key}
          {slas.value && slas.value.length > 1
            ? `, the strictest of ${slas.value.length} active SLAs`
            : ''}
          )
        </Typography>
      )}
      {!slas.loading && !slas.error && !target && (
        <Typography variant="body2" color="textSecondary">
          No active SLA covers this entity, so there is no target to compare
          with.
        </Typography>
      )}
      {slas.error && (
        <Typography variant="body2" color="error">
          SLA target unavailable: {slas.error.message}
        </Typography>
      )}
      {result.series.length > 0 ? (
        <AvailabilityChart
          series={result.series}
          targetPercent={target?.percent}
          height={compact ? 120 : 240}
          compact={compact}
        />
      ) : (
        <Typography variant="body2" color="textSecondary">
          No daily figures for this period.
        </Typography>
      )}
    </Box>
  );
};
