import { AvailabilityResponse } from '../api';
import { ItsmData, useItsmApi } from './useItsmApi';

/** A period as ISO instants. */
export interface Period {
  from: string;
  to: string;
}

/** The availability of an entity over a period, day by day. */
export function useDailyAvailability(
  entityRef: string,
  period: Period,
): ItsmData<AvailabilityResponse> {
  return useItsmApi(
    api =>
      api.getAvailability({
        entityRef,
        from: period.from,
        to: period.to,
        granularity: 'day',
      }),
    [entityRef, period.from, period.to],
  );
}
