import { ResponseError } from '@backstage/errors';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import type {
  Change,
  Incident,
  ItsmRecordLink,
  Sla,
} from '@backstage-itsm/plugin-itsm-common';
import { useLocation } from 'react-router-dom';
import { ItsmApi, itsmApiRef } from '../../api';
import { ItsmRouter } from '../ItsmRouter';

export const INCIDENT: Incident = {
  id: '7f0d8a59-1a35-4b4e-9a9a-3f3f0c2b1a11',
  type: 'incidents',
  key: 'INC-12',
  title: 'Checkout fails',
  description: 'Payments **time out** after 30 s.',
  state: 'new',
  entityRefs: ['component:default/payments-api'],
  assignedGroup: 'group:default/payments-team',
  assignee: null,
  createdBy: 'user:default/jane',
  updatedBy: 'user:default/jane',
  createdAt: '2026-11-24T10:00:00.000Z',
  updatedAt: '2026-11-24T10:00:00.000Z',
  stateChangedAt: '2026-11-24T10:00:00.000Z',
  version: 3,
  priority: 'P2',
  impact: 'high',
  urgency: 'medium',
  serviceType: 'user_restoration',
  category: 'payments',
  major: false,
  reopenCount: 0,
  sendBackCount: 0,
  reassignmentCount: 0,
};

export const incident = (overrides: Partial<Incident> = {}): Incident => ({
  ...INCIDENT,
  ...overrides,
});

export const CHANGE: Change = {
  id: '0c7d1a8e-3b4f-4c2a-9d5e-6f7a8b9c0d1e',
  type: 'changes',
  key: 'CHG-7',
  title: 'Raise the payments timeout',
  description: '',
  state: 'approval',
  entityRefs: ['component:default/payments-api'],
  assignedGroup: null,
  assignee: null,
  createdBy: 'user:default/jane',
  updatedBy: 'user:default/jane',
  createdAt: '2026-11-20T10:00:00.000Z',
  updatedAt: '2026-11-21T10:00:00.000Z',
  stateChangedAt: '2026-11-21T10:00:00.000Z',
  version: 5,
  changeType: 'normal',
  serviceImpact: 'none',
  functionalChange: false,
  cmdbUpdate: false,
  tasks: [],
  implementationPlan: 'Deploy with the new setting',
  requiredApprovers: [
    {
      approverRef: 'group:default/payments-team',
      reason: 'service owner of component:default/payments-api',
    },
  ],
};

export const SLA: Sla = {
  id: '5b1e4c2d-8f9a-4b3c-a1d2-e3f4a5b6c7d8',
  type: 'slas',
  key: 'SLA-2',
  title: 'Payments for retail',
  description: '',
  state: 'draft',
  entityRefs: ['component:default/payments-api'],
  assignedGroup: null,
  assignee: null,
  createdBy: 'user:default/jane',
  updatedBy: 'user:default/jane',
  createdAt: '2026-11-20T10:00:00.000Z',
  updatedAt: '2026-11-20T10:00:00.000Z',
  stateChangedAt: '2026-11-20T10:00:00.000Z',
  version: 1,
  customerGroup: 'group:default/retail',
  serviceOwnerGroup: 'group:default/payments-team',
  targets: {
    availabilityPercent: 99.9,
    responseMinutes: { P1: 15, P2: 30, P3: 240, P4: 480 },
    resolutionMinutes: { P1: 240, P2: 480, P3: 2880, P4: 5760 },
  },
  calendar: '24x7',
  term: 'monthly',
  signatures: {
    serviceOwner: { by: 'user:default/olivia', at: '2026-11-21T09:00:00.000Z' },
  },
};

export function detail<T extends object>(
  record: T,
  links: ItsmRecordLink[] = [],
) {
  return { ...record, links };
}

/** An ItsmApi whose every method is a jest.fn with a harmless default. */
export function mockItsmApi(
  overrides: Partial<ItsmApi> = {},
): jest.Mocked<ItsmApi> {
  const api = {
    listRecords: jest.fn().mockResolvedValue({ items: [], totalCount: 0 }),
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
    getAvailability: jest.fn().mockResolvedValue({
      entityRef: '',
      from: '',
      to: '',
      agreedMinutes: 0,
      downtimeMinutes: 0,
      availability: 100,
      outages: 0,
      mttrMinutes: null,
      mtbfMinutes: null,
      mtbsiMinutes: null,
      degradedMinutes: 0,
      series: [],
    }),
    getImpact: jest.fn().mockRejectedValue(new Error('getImpact not mocked')),
    getChangeCalendar: jest.fn().mockResolvedValue({
      changes: [],
      freezeWindows: [],
      maintenanceWindows: [],
    }),
    getIncidentSla: jest
      .fn()
      .mockResolvedValue({ incidentKey: '', priority: null, clocks: [] }),
    getSlaReport: jest
      .fn()
      .mockRejectedValue(new Error('getSlaReport not mocked')),
    downloadSlaReportCsv: jest.fn().mockResolvedValue(new Blob([''])),
    health: jest.fn().mockResolvedValue({ status: 'ok' }),
    ...overrides,
  };
  return api as unknown as jest.Mocked<ItsmApi>;
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

/** Shows the current location, so tests can check what the URL says. */
export const LocationDisplay = () => {
  const location = useLocation();
  return (
    <div data-testid="location">{`${location.pathname}${location.search}`}</div>
  );
};

/** Renders the ITSM router at a path with the mocked API. */
export function renderItsm(api: ItsmApi, path: string) {
  return renderInTestApp(
    <>
      <ItsmRouter />
      <LocationDisplay />
    </>,
    { initialRouteEntries: [path], apis: [[itsmApiRef, api]] },
  );
}
