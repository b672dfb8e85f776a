import { InfoCard } from '@backstage/core-components';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import { AVAILABILITY_DAYS, useAvailabilityData } from './hooks';
import { AvailabilityView } from './AvailabilityView';
import { CARD_TITLE } from '../common/cardTitle';

/**
 * Entity card: the availability of the entity over the last 30 days against
 * the target of the active SLAs covering it, with outages, MTTR and a small
 * daily chart.
 *
 * @public
 */
export const EntityAvailabilityCard = () => {
  const { entity } = useEntity();
  const entityRef = stringifyEntityRef(entity);
  const data = useAvailabilityData(entityRef);
  return (
    <section aria-label="Availability">
      <InfoCard
        titleTypographyProps={CARD_TITLE}
        title="Availability"
        subheader={`Last ${AVAILABILITY_DAYS} days, within service hours`}
      >
        <AvailabilityView data={data} compact />
      </InfoCard>
    </section>
  );
};
