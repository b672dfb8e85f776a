import {
  incidentBody,
  LUKAS,
  PAYMENTS,
  STOREFRONT,
} from '../__testUtils__/fixtures';
import {
  ITSM_TEST_DATABASES,
  useItsmTestDatabase,
} from '../__testUtils__/itsmTestDatabase';
import { lifecycleBackends } from '../__testUtils__/lifecycleApi';

/*
 * A group or user a body names (assignment group, assignee) must exist in
 * the catalog: otherwise 400 naming the field, nothing written, never a 500
 * or an exception's text.
 */

jest.setTimeout(60_000);

const NO_GROUP = 'group:default/no-such-team';
const NO_USER = 'user:default/nobody';

const bodies: Record<string, Record<string, unknown>> = {
  incidents: incidentBody(),
  problems: {
    title: 'Connection pool exhaustion',
    entityRefs: ['component:default/payments-api'],
  },
  releases: {
    title: 'Payments 2026.12',
    entityRefs: ['component:default/payments-api'],
  },
};

/** The fields of each type naming a group or a user, with an unknown ref. */
const cases: Array<[string, string, string]> = [
  ['incidents', 'assignedGroup', NO_GROUP],
  ['incidents', 'assignee', NO_USER],
  ['problems', 'assignedGroup', NO_GROUP],
  ['problems', 'assignee', NO_USER],
  ['releases', 'assignedGroup', NO_GROUP],
];

/** The group or user of the same field the catalog knows. */
const known = (field: string) => (field === 'assignee' ? LUKAS : STOREFRONT);

describe.each(ITSM_TEST_DATABASES)('catalog references on %s', databaseId => {
  const start = lifecycleBackends(useItsmTestDatabase(databaseId));

  const expectUnknown = (
    res: { status: number; body: any; text: string },
    field: string,
    ref: string,
  ) => {
    expect(res.body.error?.message).toBe(
      `${field}: unknown catalog entity "${ref}"`,
    );
    expect(res.status).toBe(400);
    expect(res.body.error.name).toBe('InputError');
    expect(res.body.error.stack).toBeUndefined();
  };

  it.each(cases)(
    'refuses to create %s naming an unknown %s, and takes a known one',
    async (type, field, ref) => {
      const { as } = await start();
      const refused = await as().post(`/${type}`, {
        ...bodies[type],
        [field]: ref,
      });
      expectUnknown(refused, field, ref);
      expect((await as().get(`/${type}`)).body.totalCount).toBe(0);

      const created = await as().post(`/${type}`, {
        ...bodies[type],
        [field]: known(field),
      });
      expect(created.status).toBe(201);
      expect(created.body[field]).toBe(known(field));
    },
  );

  it.each(cases)(
    'refuses to update %s to an unknown %s, changing nothing',
    async (type, field, ref) => {
      const t = await start();
      const { key, version } = await t.create(type, bodies[type]);
      const path = `/${type}/${key}`;
      expectUnknown(await t.patch(path, { [field]: ref }), field, ref);
      const after = await t.get(path);
      expect(after.version).toBe(version);
      expect(after[field]).not.toBe(ref);

      const moved = await t.patch(path, { [field]: known(field) });
      expect(moved.status).toBe(200);
      expect(moved.body[field]).toBe(known(field));
    },
  );

  it('keeps an assignment the record holds when an update repeats it', async () => {
    const t = await start();
    const { key } = await t.create('incidents', incidentBody());
    const path = `/incidents/${key}`;
    // The routed group is the owner of payments-api.
    expect((await t.get(path)).assignedGroup).toBe(PAYMENTS);
    const res = await t.patch(path, { assignedGroup: PAYMENTS, title: 'x' });
    expect(res.status).toBe(200);
  });

  it('answers a malformed reference with 400 naming the field, not 500', async () => {
    const { as } = await start();
    for (const [field, value] of [
      ['assignedGroup', 'group:'],
      ['assignee', 'user:default/'],
      ['assignee', PAYMENTS],
      ['assignedGroup', 42],
    ] as const) {
      const res = await as().post('/incidents', {
        ...incidentBody(),
        [field]: value,
      });
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(new RegExp(`^${field}: `));
      expect(res.text).not.toMatch(/\bat \S+ \(|TypeError/);
    }
  });
});
