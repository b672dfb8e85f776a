import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import type { Sla } from '@backstage-itsm/plugin-itsm-common';
import { Box, Typography } from '@material-ui/core';
import { useMemo } from 'react';
import { useDailyAvailability } from '../../hooks';
import { AvailabilityChart } from '../entity/AvailabilityChart';
import { formatPercent, lastDays } from '../entity/format';
import { EntityLink } from '../common/EntityLinks';
import { CARD_TITLE } from '../common/cardTitle';

const EntityAvailability = (props: {
  entityRef: string;
  targetPercent?: number;
}) => {
  const { entityRef, targetPercent } = props;
  const period = useMemo(() => lastDays(30), []);
  const { value, loading, error } = useDailyAvailability(entityRef, period);
  return (
    <Box mb={3} role="group" aria-label={`Availability of ${entityRef}`}>
      <Typography variant="subtitle2" component="h3">
        <EntityLink entityRef={entityRef} />
        {value && ` · ${formatPercent(value.availability)} over 30 days`}
        {value && value.outages > 0 && `, ${value.outages} outage(s)`}
      </Typography>
      {loading && (
        <Progress aria-label={`Loading the availability of ${entityRef}`} />
      )}
      {error && (
        <ResponseErrorPanel
          error={error}
          title={`Could not load the availability of ${entityRef}`}
        />
      )}
      {value && value.series.length > 0 && (
        <AvailabilityChart
          series={value.series}
          targetPercent={targetPercent}
          height={180}
        />
      )}
      {value && value.series.length === 0 && (
        <Typography variant="body2" color="textSecondary">
          No availability data.
        </Typography>
      )}
    </Box>
  );
};

/** Daily availability of each covered entity over 30 days against the target. */
export const SlaAvailabilityCard = (props: { sla: Sla }) => {
  const { sla } = props;
  return (
    <InfoCard
      titleTypographyProps={CARD_TITLE}
      title="Availability"
      subheader="Last 30 days, per day"
    >
      <Box role="region" aria-label="Availability">
        {sla.entityRefs.length === 0 ? (
          <Typography variant="body2" color="textSecondary">
            This SLA covers no entity.
          </Typography>
        ) : (
          sla.entityRefs.map(ref => (
            <EntityAvailability
              key={ref}
              entityRef={ref}
              targetPercent={sla.targets?.availabilityPercent}
            />
          ))
        )}
      </Box>
    </InfoCard>
  );
};
