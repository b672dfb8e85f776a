// The one fixture module of the plugin's tests: records and API answers
// (./records), a mock of the ITSM API and ways to render with it. Not part of
// the plugin's runtime.
import type { ReactNode } from 'react';
import type { Entity } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import {
  renderInTestApp,
  TestApiProvider,
} from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import type {
  ItsmPage,
  ItsmRecordType,
} from '@backstage-itsm/plugin-itsm-common';
import { act } from '@testing-library/react';
import { useLocation } from 'react-router-dom';
import { AvailabilityResponse, ItsmApi, itsmApiRef, ListQuery } from '../api';
import { ItsmRouter } from '../components/ItsmRouter';
import { RecordRefreshProvider } from '../hooks';
import { rootRouteRef } from '../routes';
import { availability, kpis, page } from './records';
import { entityRoles, recordRoles } from './roles';

export * from './records';
export * from './roles';

type ListAnswer = (query: ListQuery) => Promise<ItsmPage<unknown>>;

/** Shorthands of {@link mockItsmApi} for the lists and the availability. */
export interface MockAnswers {
  /** `listRecords` answers each type with its function (empty pages else). */
  lists?: Partial<Record<ItsmRecordType, ListAnswer>>;
  /** What `getAvailability` answers. */
  availability?: () => Promise<AvailabilityResponse>;
}

/**
 * An ItsmApi whose every method is a jest.fn with a harmless default: empty
 * lists, no comments or history, the availability of ./records, the owner
 * holding every role of an entity, a caller acting in every role on a
 * record (./roles); reads of one record reject until a test says what they
 * answer. Pass methods to
 * override, or the {@link MockAnswers} shorthands.
 */
export function mockItsmApi(
  overrides: Partial<ItsmApi> & MockAnswers = {},
): jest.Mocked<ItsmApi> {
  const {
    lists = {},
    availability: availabilityAnswer,
    ...methods
  } = overrides;
  const api = {
    listRecords: jest.fn((type: ItsmRecordType, query: ListQuery = {}) =>
      lists[type] ? lists[type]!(query) : Promise.resolve(page([])),
    ),
    getMyWork: jest.fn().mockResolvedValue(page([])),
    getRecord: jest.fn().mockRejectedValue(new Error('getRecord not mocked')),
    createRecord: jest.fn(),
    updateRecord: jest.fn(),
    transition: jest.fn(),
    getHistory: jest.fn().mockResolvedValue({ items: [] }),
    listComments: jest.fn().mockResolvedValue({ items: [], totalCount: 0 }),
    addComment: jest.fn(),
    addLink: jest.fn(),
    removeLink: jest.fn(),
    decideApproval: jest.fn(),
    getApprovals: jest
      .fn()
      .mockResolvedValue({ required: [], approvals: [], pending: [] }),
    sign: jest.fn(),
    getAvailability: jest.fn(
      availabilityAnswer ?? (async () => availability()),
    ),
    getImpact: jest.fn().mockRejectedValue(new Error('getImpact not mocked')),
    listStandardChangeTemplates: jest.fn().mockResolvedValue([]),
    getChangeCalendar: jest.fn().mockResolvedValue({
      changes: [],
      freezeWindows: [],
      maintenanceWindows: [],
    }),
    getIncidentSla: jest
      .fn()
      .mockResolvedValue({ incidentKey: '', priority: null, clocks: [] }),
    decideEscalation: jest.fn(),
    acknowledgeEscalation: jest.fn(),
    getSlaReport: jest
      .fn()
      .mockRejectedValue(new Error('getSlaReport not mocked')),
    downloadSlaReportCsv: jest.fn().mockResolvedValue(new Blob([''])),
    downloadRecordsCsv: jest.fn().mockResolvedValue(new Blob([''])),
    getKpis: jest.fn().mockResolvedValue(kpis()),
    getEntityRoles: jest.fn(async (entityRef: string) =>
      entityRoles([], entityRef),
    ),
    getRecordRoles: jest.fn(async (_type: ItsmRecordType, key: string) =>
      recordRoles(key),
    ),
    health: jest.fn().mockResolvedValue({ status: 'ok' }),
    listCabMeetings: jest.fn().mockResolvedValue({ items: [] }),
    createCabMeeting: jest.fn(),
    getCabMeeting: jest
      .fn()
      .mockRejectedValue(new Error('getCabMeeting not mocked')),
    putCabAgendaItem: jest.fn(),
    voteCabMeeting: jest.fn(),
    closeCabMeeting: jest.fn(),
    getReleasePlan: jest
      .fn()
      .mockRejectedValue(new Error('getReleasePlan not mocked')),
    addReleasePlanChange: jest.fn(),
    ...methods,
  };
  return api as unknown as jest.Mocked<ItsmApi>;
}

/** Rejects like the client does on a failed request. */
export function failing(message: string) {
  return () => Promise.reject(new Error(message));
}

/** A promise that never settles, to hold a section in its loading state. */
export function pending<T>(): () => Promise<T> {
  return () => new Promise<T>(() => {});
}

/** A real ResponseError carrying the Backstage error body, as ItsmClient throws it. */
export async function responseError(
  statusCode: number,
  message: string,
  name = statusCode === 409 ? 'ConflictError' : 'InputError',
): Promise<ResponseError> {
  const body = JSON.stringify({
    error: { name, message },
    request: { method: 'POST', url: '/api/itsm' },
    response: { statusCode },
  });
  return ResponseError.fromResponse({
    ok: false,
    status: statusCode,
    statusText: name,
    url: 'http://localhost/api/itsm',
    redirected: false,
    type: 'basic',
    headers: new Headers({ 'content-type': 'application/json' }),
    text: async () => body,
  } as unknown as Parameters<typeof ResponseError.fromResponse>[0]);
}

/**
 * Runs `action` (a user event, a click on a button that writes) inside
 * `act` and returns once every mocked read and write it started has settled
 * and rendered. The mocks answer at once, so nothing waits on the clock: a
 * test can use `getBy*` afterwards, however slow the machine.
 */
export async function settled(action: () => Promise<unknown> | void) {
  await act(async () => {
    await action();
  });
}

/**
 * Renders in the test app and lets every mocked read settle, all inside
 * `act`: the reads start in effects when the element mounts and resolve
 * within a macrotask, and act keeps flushing until no work is left.
 */
export async function renderSettled(
  element: JSX.Element,
  options?: Parameters<typeof renderInTestApp>[1],
) {
  let result: ReturnType<typeof renderInTestApp> | undefined;
  await settled(async () => {
    result = renderInTestApp(element, options);
    await new Promise(resolve => setTimeout(resolve, 0));
  });
  return result!;
}

/** Shows the current location, so tests can check what the URL says. */
export const LocationDisplay = () => {
  const location = useLocation();
  return (
    <div data-testid="location">{`${location.pathname}${location.search}`}</div>
  );
};

/**
 * Renders the ITSM router at a path with the mocked API (and `moreApis`),
 * its route refs mounted at `/` (so a record page is at
 * `/incidents/INC-12`), settled.
 */
export function renderItsm(
  api: ItsmApi,
  path: string,
  moreApis: MoreApis = [],
) {
  return renderSettled(
    <>
      <ItsmRouter />
      <LocationDisplay />
    </>,
    {
      initialRouteEntries: [path],
      apis: [[itsmApiRef, api], ...moreApis],
      mountedRoutes: { '/': rootRouteRef },
    },
  );
}

/** More APIs of the test app, such as `mockApis.identity(...)`. */
export type MoreApis = NonNullable<
  NonNullable<Parameters<typeof renderInTestApp>[1]>['apis']
>;

/**
 * Renders one card of a record page with the mocked API (and `moreApis`),
 * inside the record page's refresh signal, the ITSM route refs mounted at
 * `/`, settled.
 */
export function renderCard(
  element: JSX.Element,
  api: ItsmApi,
  moreApis: MoreApis = [],
) {
  return renderSettled(
    <RecordRefreshProvider>{element}</RecordRefreshProvider>,
    {
      apis: [[itsmApiRef, api], ...moreApis],
      mountedRoutes: { '/': rootRouteRef },
    },
  );
}

/** Wraps an entity component in the mocked API and the entity context. */
export function withEntity(api: ItsmApi, entity: Entity, children: ReactNode) {
  return (
    <TestApiProvider apis={[[itsmApiRef, api]]}>
      <EntityProvider entity={entity}>{children}</EntityProvider>
    </TestApiProvider>
  );
}
