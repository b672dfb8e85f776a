import { PermissionsService } from '@backstage/backend-plugin-api';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { itsmCabMeetingReadPermission } from '@backstage-itsm/plugin-itsm-common';
import { AMARA, INES } from '../__testUtils__/fixtures';
import {
  ITSM_TEST_DATABASES,
  useItsmTestDatabase,
} from '../__testUtils__/itsmTestDatabase';
import { teamsApartPolicy } from '../__testUtils__/policies';
import { suiteBackends } from '../__testUtils__/suiteBackends';

/*
 * Reading CAB meetings needs itsm.cab-meeting.read: a policy that denies it
 * to Ines (and grants her everything else a team member gets) keeps her out
 * of the list and of every meeting with 403, naming the permission; Amara,
 * who holds it, reads them.
 */

jest.setTimeout(120_000);

/** The teams-apart policy, with itsm.cab-meeting.read denied to Ines. */
function cabReadDeniedTo(user: string): PermissionsService {
  const base = teamsApartPolicy();
  return {
    ...base,
    async authorize(requests, options) {
      const answers = await base.authorize(requests, options);
      const principal = options.credentials.principal as {
        userEntityRef?: string;
      };
      return answers.map((answer, i) =>
        requests[i].permission.name === itsmCabMeetingReadPermission.name &&
        principal.userEntityRef === user
          ? { result: AuthorizeResult.DENY }
          : answer,
      );
    },
  } as PermissionsService;
}

describe.each(ITSM_TEST_DATABASES)(
  'the permission to read CAB meetings on %s',
  databaseId => {
    const db = useItsmTestDatabase(databaseId);
    const start = suiteBackends(db);

    it('answers 403 to a caller without it, on the list and on a meeting', async () => {
      const { as } = await start({ permissions: cabReadDeniedTo(INES) });
      const day = 86_400_000;
      const called = await as(AMARA).post('/cab-meetings', {
        serviceRef: 'system:default/payments',
        meetingAt: new Date(Date.now() + 7 * day).toISOString(),
        submissionDeadline: new Date(Date.now() + 5 * day).toISOString(),
      });
      expect(called.status).toBe(201);

      const message = 'You may not read CAB meetings (itsm.cab-meeting.read)';
      for (const path of [
        '/cab-meetings',
        '/cab-meetings?serviceRef=system:default/payments',
        '/cab-meetings/CAB-1',
        // Refused before the meeting is looked up: nothing leaks.
        '/cab-meetings/CAB-99',
      ]) {
        const denied = await as(INES).get(path);
        expect({ path, status: denied.status }).toEqual({ path, status: 403 });
        expect(denied.body.error).toMatchObject({
          name: 'NotAllowedError',
          message,
        });
      }

      const list = await as(AMARA).get('/cab-meetings');
      expect(list.status).toBe(200);
      expect(list.body.items.map((m: { key: string }) => m.key)).toEqual([
        'CAB-1',
      ]);
      const meeting = await as(AMARA).get('/cab-meetings/CAB-1');
      expect(meeting.status).toBe(200);
      expect(meeting.body).toMatchObject({
        key: 'CAB-1',
        circulatedAt: null,
        effectsDoneAt: null,
      });
    });
  },
);
