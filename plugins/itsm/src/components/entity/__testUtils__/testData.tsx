// Fixtures and a configurable mock of the ITSM API for the tests of the
// entity components. Not part of the plugin's runtime.
import type { ReactNode } from 'react';
import type { Entity } from '@backstage/catalog-model';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import {
  renderInTestApp,
  TestApiProvider,
} from '@backstage/frontend-test-utils';
import { act } from '@testing-library/react';
import type {
  Change,
  Incident,
  ItsmPage,
  ItsmRecordType,
  Problem,
  Sla,
} from '@backstage-itsm/plugin-itsm-common';
import { itsmApiRef } from '../../../api';
import type {
  AvailabilityQuery,
  AvailabilityResponse,
  ItsmApi,
  ListQuery,
} from '../../../api';

export const ENTITY_REF = 'component:default/payments-api';

export const componentEntity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'payments-api', namespace: 'default' },
  spec: { type: 'service', lifecycle: 'production', owner: 'payments-team' },
};

export function entityOfKind(kind: string, name = 'thing'): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind,
    metadata: { name, namespace: 'default' },
    spec: {},
  };
}

const base = {
  description: '',
  entityRefs: [ENTITY_REF],
  assignedGroup: 'group:default/payments-team',
  assignee: null,
  createdBy: 'user:default/jane',
  updatedBy: 'user:default/jane',
  createdAt: '2026-11-24T10:00:00.000Z',
  updatedAt: '2026-11-24T10:00:00.000Z',
  stateChangedAt: '2026-11-24T10:00:00.000Z',
  version: 1,
};

export function incident(
  key: string,
  fields: Partial<Incident> = {},
): Incident {
  return {
    ...base,
    id: `id-${key}`,
    type: 'incidents',
    key,
    title: `Incident ${key}`,
    state: 'assigned',
    priority: 'P2',
    impact: 'high',
    urgency: 'medium',
    serviceType: 'user_restoration',
    major: false,
    reopenCount: 0,
    sendBackCount: 0,
    reassignmentCount: 0,
    ...fields,
  };
}

export function change(key: string, fields: Partial<Change> = {}): Change {
  return {
    ...base,
    id: `id-${key}`,
    type: 'changes',
    key,
    title: `Change ${key}`,
    state: 'scheduled',
    changeType: 'normal',
    plannedStart: '2026-12-01T22:00:00.000Z',
    plannedEnd: '2026-12-01T23:00:00.000Z',
    serviceImpact: 'degraded',
    functionalChange: false,
    cmdbUpdate: false,
    tasks: [],
    requiredApprovers: [],
    ...fields,
  };
}

export function problem(key: string, fields: Partial<Problem> = {}): Problem {
  return {
    ...base,
    id: `id-${key}`,
    type: 'problems',
    key,
    title: `Problem ${key}`,
    state: 'known_error',
    workaround: 'Restart the pod',
    ...fields,
  };
}

export function sla(key: string, availabilityPercent: number): Sla {
  const minutes = { P1: 60, P2: 240, P3: 1440, P4: 4320 };
  return {
    ...base,
    id: `id-${key}`,
    type: 'slas',
    key,
    title: `Agreement ${key}`,
    state: 'active',
    customerGroup: 'group:default/shop',
    serviceOwnerGroup: 'group:default/payments-team',
    targets: {
      availabilityPercent,
      responseMinutes: minutes,
      resolutionMinutes: minutes,
      maxOutages: 3,
    },
    calendar: '24x7',
    term: 'monthly',
    signatures: {},
  };
}

export function availability(
  fields: Partial<AvailabilityResponse> = {},
): AvailabilityResponse {
  const day = 24 * 60;
  return {
    entityRef: ENTITY_REF,
    from: '2026-10-26T00:00:00.000Z',
    to: '2026-11-25T00:00:00.000Z',
    agreedMinutes: 30 * day,
    downtimeMinutes: 90,
    availability: 99.791,
    outages: 2,
    mttrMinutes: 45,
    mtbfMinutes: 21555,
    mtbsiMinutes: 21600,
    degradedMinutes: 30,
    series: Array.from({ length: 30 }, (_, i) => ({
      from: new Date(Date.UTC(2026, 9, 26 + i)).toISOString(),
      to: new Date(Date.UTC(2026, 9, 27 + i)).toISOString(),
      availability: i === 3 ? 93.75 : 100,
      downtimeMinutes: i === 3 ? 90 : 0,
      agreedMinutes: day,
    })),
    ...fields,
  };
}

export function page<T>(items: T[], totalCount = items.length): ItsmPage<T> {
  return { items, totalCount };
}

type ListAnswer = (query: ListQuery) => Promise<ItsmPage<unknown>>;

/**
 * A mock of the ITSM API: `lists[type]` answers `listRecords` of a type
 * (empty pages when missing); `availability` answers `getAvailability`.
 */
export function mockItsmApi(
  options: {
    lists?: Partial<Record<ItsmRecordType, ListAnswer>>;
    availability?: () => Promise<AvailabilityResponse>;
  } = {},
) {
  const listRecords = jest.fn(
    (type: ItsmRecordType, query: ListQuery = {}) =>
      options.lists?.[type]?.(query) ?? Promise.resolve(page([])),
  );
  const getAvailability = jest.fn<
    Promise<AvailabilityResponse>,
    [AvailabilityQuery]
  >(options.availability ?? (() => Promise.resolve(availability())));
  const api = {
    listRecords,
    getAvailability,
    getImpact: jest.fn(),
    getChangeCalendar: jest.fn(),
  } as unknown as ItsmApi;
  return { api, listRecords, getAvailability };
}

/** Wraps an entity component in the mocked API and the entity context. */
export function withEntity(api: ItsmApi, entity: Entity, children: ReactNode) {
  return (
    <TestApiProvider apis={[[itsmApiRef, api]]}>
      <EntityProvider entity={entity}>{children}</EntityProvider>
    </TestApiProvider>
  );
}

/** Rejects like the client does on a failed request. */
export function failing(message: string) {
  return () => Promise.reject(new Error(message));
}

/** A promise that never settles, to hold a section in its loading state. */
export function pending<T>(): () => Promise<T> {
  return () => new Promise<T>(() => {});
}

/**
 * Renders in the test app and lets every mocked read settle, all inside
 * `act`: the reads start in effects when the element mounts and resolve
 * within a macrotask, so no state update lands outside `act`.
 */
export async function renderSettled(
  element: JSX.Element,
  options?: Parameters<typeof renderInTestApp>[1],
) {
  let result: ReturnType<typeof renderInTestApp> | undefined;
  await act(async () => {
    result = renderInTestApp(element, options);
    await new Promise(resolve => setTimeout(resolve, 0));
  });
  return result!;
}
