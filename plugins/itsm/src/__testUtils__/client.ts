// The ITSM client against a mocked backend (msw), for the client's tests.
import { MockFetchApi, mockApis } from '@backstage/test-utils';
import type { Incident } from '@backstage-itsm/plugin-itsm-common';
import { HttpResponse } from 'msw';
import { ItsmClient } from '../api/ItsmClient';

/** Where the mocked discovery API puts the ITSM backend. */
export const baseUrl = 'http://example.com/api/itsm';

/** A client on the mocked discovery API, fetching with a user token. */
export function createClient() {
  return new ItsmClient({
    discoveryApi: mockApis.discovery(),
    fetchApi: new MockFetchApi({ injectIdentityAuth: { token: 'user-token' } }),
  });
}

/** An incident as the backend answers it. */
export const incident: Incident = {
  id: '7f0d8a59-1a35-4b4e-9a9a-3f3f0c2b1a11',
  type: 'incidents',
  key: 'INC-12',
  title: 'Checkout fails',
  description: '',
  state: 'new',
  entityRefs: ['component:default/payments-api'],
  assignedGroup: null,
  assignee: null,
  createdBy: 'user:default/jane',
  updatedBy: 'user:default/jane',
  createdAt: '2026-11-24T10:00:00.000Z',
  updatedAt: '2026-11-24T10:00:00.000Z',
  stateChangedAt: '2026-11-24T10:00:00.000Z',
  version: 1,
  priority: 'P2',
  impact: 'high',
  urgency: 'medium',
  serviceType: 'user_restoration',
  major: false,
  reopenCount: 0,
  sendBackCount: 0,
  reassignmentCount: 0,
};

/** The 409 answer of a refused transition. */
export function conflict(message: string) {
  return HttpResponse.json(
    {
      error: { name: 'ConflictError', message },
      request: {
        method: 'POST',
        url: '/api/itsm/incidents/INC-12/transitions',
      },
      response: { statusCode: 409 },
    },
    { status: 409 },
  );
}
