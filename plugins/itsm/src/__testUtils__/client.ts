// The ITSM client against a mocked backend (msw), for the client's tests;
// the records they exchange are those of ./records.
import { MockFetchApi, mockApis } from '@backstage/test-utils';
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
