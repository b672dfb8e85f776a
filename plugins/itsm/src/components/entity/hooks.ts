import { useState } from 'react';
import type {
  Incident,
  ItsmRecordPage,
  ItsmRecordType,
  Priority,
  Sla,
} from '@backstage-itsm/plugin-itsm-common';
import {
  ACTIVE_SLA_STATES,
  formatTotalCount,
  OPEN_INCIDENT_STATES,
  PRIORITIES,
} from '@backstage-itsm/plugin-itsm-common';
import type { AvailabilityResponse, RecordOf } from '../../api';
import { ItsmData, useDailyAvailability, useItsmApi } from '../../hooks';
import { lastDays } from './format';
import type { Period } from './format';
import type { AsyncValue } from './AsyncSection';

/** How far back the availability figures on entity pages look. */
export const AVAILABILITY_DAYS = 30;

/** The availability of an entity over the last 30 days and the SLAs it is held to. */
export interface AvailabilityData {
  period: Period;
  availability: AsyncValue<AvailabilityResponse>;
  slas: AsyncValue<Sla[]>;
}

/**
 * Reads the daily availability of an entity over the last 30 days and the
 * active SLAs covering it; each read has its own loading and error state.
 */
export function useAvailabilityData(entityRef: string): AvailabilityData {
  // The period is fixed when the component mounts, not on every render.
  const [period] = useState(() => lastDays(AVAILABILITY_DAYS));
  const availability = useDailyAvailability(entityRef, period);
  const slas = useItsmApi(
    async api =>
      (
        await api.listRecords('slas', {
          entityRef: [entityRef],
          state: [...ACTIVE_SLA_STATES],
          limit: 50,
        })
      ).items,
    [entityRef],
  );
  return { period, availability, slas };
}

/** The open incidents of an entity, counted by priority, with the newest few. */
export interface OpenIncidentSummary {
  total: number;
  byPriority: Record<Priority, number>;
  /** Priorities counted only up to the server's bound. */
  byPriorityLowerBound: Partial<Record<Priority, boolean>>;
  /** The total as shown: `12`, or `10,000+` past the server's bound. */
  totalLabel: string;
  newest: Incident[];
}

/**
 * The records of an entity: a System's or Domain's include those of its
 * parts (a P1 on one of its components is the system's too).
 */
export function ofEntity(entityRef: string): {
  entityRef: string[];
  includeParts?: boolean;
} {
  const kind = entityRef.split(':')[0].toLocaleLowerCase('en-US');
  return kind === 'system' || kind === 'domain'
    ? { entityRef: [entityRef], includeParts: true }
    : { entityRef: [entityRef] };
}

/**
 * Counts the open incidents of an entity per priority (one request per
 * priority, reading `totalCount`, so the counts are exact however many there
 * are) and reads the `newest` open ones.
 */
export function useOpenIncidentSummary(
  entityRef: string,
  newest: number,
): AsyncValue<OpenIncidentSummary> {
  return useItsmApi(
    async api => {
      const query = {
        ...ofEntity(entityRef),
        state: [...OPEN_INCIDENT_STATES],
      };
      const [latest, ...counts] = await Promise.all([
        api.listRecords('incidents', { ...query, limit: newest }),
        ...PRIORITIES.map(priority =>
          api.listRecords('incidents', { ...query, priority, limit: 1 }),
        ),
      ]);
      const byPriority = Object.fromEntries(
        PRIORITIES.map((priority, i) => [
          priority,
          (counts[i] as ItsmRecordPage<Incident>).totalCount,
        ]),
      ) as Record<Priority, number>;
      const byPriorityLowerBound = Object.fromEntries(
        PRIORITIES.map((priority, i) => [
          priority,
          Boolean(
            (counts[i] as ItsmRecordPage<Incident>).totalCountIsLowerBound,
          ),
        ]),
      ) as Record<Priority, boolean>;
      return {
        total: latest.totalCount,
        totalLabel: formatTotalCount(latest),
        byPriority,
        byPriorityLowerBound,
        newest: latest.items.slice(0, newest),
      };
    },
    [entityRef, newest],
  );
}

/** Up to `limit` records of a type for an entity, in the given states. */
export function useEntityRecords<T extends ItsmRecordType>(
  type: T,
  entityRef: string,
  states: readonly string[],
  limit: number,
): ItsmData<ItsmRecordPage<RecordOf<T>>> {
  return useItsmApi(
    api =>
      api.listRecords(type, {
        ...ofEntity(entityRef),
        state: [...states],
        limit,
      }),
    [type, entityRef, states, limit],
  );
}
