import { InputError, NotAllowedError } from '@backstage/errors';
import {
  AMARA,
  callerOf,
  incidentBody,
  INES,
  LUKAS,
  OUTSIDER,
  SOFIA,
} from '../__testUtils__/fixtures';
import { itsmServices } from '../__testUtils__/itsmServices';
import {
  ITSM_TEST_DATABASES,
  useItsmTestDatabase,
} from '../__testUtils__/itsmTestDatabase';

jest.setTimeout(120_000);

const ines = callerOf(INES); // the service desk agent who takes the call
const sofia = callerOf(SOFIA); // the caller, registered for
const lukas = callerOf(LUKAS); // payments-team, works the incident
const outsider = callerOf(OUTSIDER);

describe.each(ITSM_TEST_DATABASES)(
  'incidents on behalf of a caller on %s',
  databaseId => {
    const db = useItsmTestDatabase(databaseId);
    const start = () =>
      itsmServices({ knex: db.knex, now: new Date('2026-11-24T10:00:00Z') });

    it('makes the caller the requester and keeps the agent as registeredBy, in the history too', async () => {
      const { records } = start();
      const inc = await records.create(
        'incidents',
        incidentBody({ onBehalfOf: 'User:default/Sofia' }),
        ines,
      );
      expect(inc).toMatchObject({
        createdBy: SOFIA,
        registeredBy: INES,
        updatedBy: INES,
      });
      const roles = await records.roles('incidents', inc.key, sofia);
      expect(roles.callerRoles).toContain('requester');
      const { items } = await records.history('incidents', inc.key, sofia);
      expect(items.map(e => [e.actor, e.action, e.field, e.to])).toEqual([
        [INES, 'created', null, { state: 'new', title: 'Payments fail' }],
        [INES, 'registered-on-behalf', 'requester', SOFIA],
      ]);
      // Registered for oneself: an ordinary incident.
      const own = await records.create(
        'incidents',
        incidentBody({ onBehalfOf: INES }),
        ines,
      );
      expect(own.createdBy).toBe(INES);
      expect(own).not.toHaveProperty('registeredBy');
    });

    it('tells the caller of every resolve; the caller reopens, others may not', async () => {
      const { records, sent } = start();
      const inc = await records.create(
        'incidents',
        incidentBody({ onBehalfOf: SOFIA }),
        ines,
      );
      const move = (to: string, version: number, by = lukas, extra = {}) =>
        records.transition('incidents', inc.key, { to, version, ...extra }, by);
      let r = await move('assigned', inc.version);
      r = await move('in_progress', r.version);
      r = await move('resolved', r.version, lukas, { resolutionCode: 'fixed' });
      expect(sent.map(n => n.recipients)).toEqual([[SOFIA]]);
      for (const other of [outsider, ines]) {
        const refused = move('assigned', r.version, other, { reason: 'no' });
        await expect(refused).rejects.toThrow(NotAllowedError);
        await expect(refused).rejects.toThrow(
          /requester \(user:default\/sofia\)/,
        );
      }
      r = await move('assigned', r.version, sofia, { reason: 'fails again' });
      expect(r).toMatchObject({ state: 'assigned', reopenCount: 1 });
      r = await move('in_progress', r.version);
      r = await move('resolved', r.version, lukas, { resolutionCode: 'fixed' });
      expect(sent.map(n => n.recipients)).toEqual([[SOFIA], [SOFIA]]);
      r = await move('closed', r.version, sofia);
      expect(r.state).toBe('closed');
    });

    it('lets the registering agent resolve at once (new -> resolved)', async () => {
      const { records, sent } = start();
      const inc = await records.create(
        'incidents',
        incidentBody({ onBehalfOf: SOFIA }),
        ines,
      );
      const resolved = await records.transition(
        'incidents',
        inc.key,
        { to: 'resolved', version: inc.version, resolutionCode: 'user_error' },
        ines,
      );
      expect(resolved.state).toBe('resolved');
      expect(sent.map(n => n.recipients)).toEqual([[SOFIA]]);
    });

    it.each([
      [
        'an unknown user',
        'user:default/nobody',
        /^onBehalfOf: unknown catalog entity "user:default\/nobody"/,
      ],
      ['a plain name', 'bob', /^onBehalfOf: /],
      [
        'a group',
        'group:default/payments-team',
        /^onBehalfOf: must be a user entity ref/,
      ],
    ])(
      'refuses %s with 400 naming onBehalfOf',
      async (_, onBehalfOf, message) => {
        const { records } = start();
        const refused = records.create(
          'incidents',
          incidentBody({ onBehalfOf }),
          callerOf(AMARA),
        );
        await expect(refused).rejects.toThrow(InputError);
        await expect(refused).rejects.toThrow(message);
      },
    );
  },
);
