import { incidentBody, SOFIA } from '../__testUtils__/fixtures';
import {
  ITSM_TEST_DATABASES,
  useItsmTestDatabase,
} from '../__testUtils__/itsmTestDatabase';
import { lifecycleBackends } from '../__testUtils__/lifecycleApi';
import {
  IN_FIXTURE_WINDOW,
  useFixtureClock,
} from '../__testUtils__/fixtureClock';

jest.setTimeout(120_000);

useFixtureClock();

const NOW = Date.parse(IN_FIXTURE_WINDOW);
const iso = (minutesFromNow: number) =>
  new Date(NOW + minutesFromNow * 60_000).toISOString();

describe.each(ITSM_TEST_DATABASES)('resolving an outage on %s', databaseId => {
  const start = lifecycleBackends(useItsmTestDatabase(databaseId));

  const outageIncident = async (
    create: Awaited<ReturnType<typeof start>>['create'],
  ) =>
    create(
      'incidents',
      incidentBody({ outage: { kind: 'down', start: iso(-120) } }),
    );

  it('ends an open outage at the resolve, or at the end given, and refuses an end out of range', async () => {
    const { create, get, move, moveOk } = await start();
    const first = await outageIncident(create);
    const path = `/incidents/${first.key}`;
    const resolved = await moveOk(path, 'resolved', {
      resolutionCode: 'fixed',
    });
    expect(resolved.outage).toEqual({
      kind: 'down',
      start: iso(-120),
      end: expect.any(String),
    });
    expect(Date.parse(resolved.outage.end)).toBeGreaterThanOrEqual(NOW);

    const second = await outageIncident(create);
    const other = `/incidents/${second.key}`;
    for (const [end, message] of [
      [iso(-180), /^outageEnd: .* is before the outage began/],
      [iso(60 * 24), /^outageEnd: .* is in the future/],
    ] as const) {
      const refused = await move(other, 'resolved', {
        resolutionCode: 'fixed',
        outageEnd: end,
      });
      expect(refused.status).toBe(400);
      expect(refused.body.error.message).toMatch(message);
    }
    expect((await get(other)).state).toBe('new');
    const ended = await moveOk(other, 'resolved', {
      resolutionCode: 'fixed',
      outageEnd: iso(-30),
    });
    expect(ended.outage.end).toBe(iso(-30));
  });

  it('refuses an outage end for an incident without an open outage', async () => {
    const { create, move } = await start();
    const plain = await create('incidents', incidentBody());
    const refused = await move(`/incidents/${plain.key}`, 'resolved', {
      resolutionCode: 'fixed',
      outageEnd: iso(-1),
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toBe(
      'outageEnd: the incident has no open outage to end',
    );
  });

  it('clears the resolution when the requester reopens', async () => {
    const { create, moveOk } = await start();
    const inc = await create('incidents', incidentBody(), SOFIA);
    const path = `/incidents/${inc.key}`;
    await moveOk(path, 'resolved', {
      resolutionCode: 'workaround',
      resolutionNotes: 'restarted the pods',
    });
    const reopened = await moveOk(
      path,
      'assigned',
      { reason: 'it failed again' },
      SOFIA,
    );
    expect(reopened).toMatchObject({
      state: 'assigned',
      resolutionCode: null,
      resolutionNotes: null,
      reopenCount: 1,
    });
  });
});
