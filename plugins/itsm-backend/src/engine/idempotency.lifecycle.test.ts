import { changeBody, LUKAS } from '../__testUtils__/fixtures';
import {
  ITSM_TEST_DATABASES,
  useItsmTestDatabase,
} from '../__testUtils__/itsmTestDatabase';
import { lifecycleBackends } from '../__testUtils__/lifecycleApi';
import { useFixtureClock } from '../__testUtils__/fixtureClock';

jest.setTimeout(120_000);

useFixtureClock();

describe.each(ITSM_TEST_DATABASES)('Idempotency-Key on %s', databaseId => {
  const db = useItsmTestDatabase(databaseId);
  const start = lifecycleBackends(db);

  const count = async (type: string) =>
    Number(
      (await db.knex('itsm_records').where('type', type).count({ n: '*' }))[0]
        .n,
    );

  it('creates once: a retry with the key answers the first answer and writes nothing', async () => {
    const { as } = await start();
    const body = changeBody({ title: 'Idempotent RFC' });
    const first = await as()
      .post('/changes', body)
      .set('Idempotency-Key', 'rfc-1');
    expect(first.status).toBe(201);
    const retry = await as()
      .post('/changes', body)
      .set('Idempotency-Key', 'rfc-1');
    expect(retry.status).toBe(201);
    expect(retry.body).toEqual(first.body);
    expect(await count('changes')).toBe(1);
    const history = await db.knex('itsm_history').where({
      record_id: first.body.id,
      action: 'created',
    });
    expect(history).toHaveLength(1);

    // The same key with another body is refused and writes nothing.
    const other = await as()
      .post('/changes', { ...body, title: 'Another RFC' })
      .set('Idempotency-Key', 'rfc-1');
    expect(other.status).toBe(409);
    expect(other.body.error.message).toMatch(
      /^Idempotency-Key: rfc-1 was used for a different request/,
    );
    // Keys are per caller: another user's rfc-1 is a new request.
    const lukas = await as(LUKAS)
      .post('/changes', body)
      .set('Idempotency-Key', 'rfc-1');
    expect(lukas.status).toBe(201);
    expect(lukas.body.key).not.toBe(first.body.key);
    // Without the header every request writes.
    await as().post('/changes', body);
    expect(await count('changes')).toBe(3);
  });

  it('writes once when retries race with one key', async () => {
    const { as } = await start();
    const body = changeBody({ title: 'Raced RFC' });
    const answers = await Promise.all(
      Array.from({ length: 12 }, () =>
        as().post('/changes', body).set('Idempotency-Key', 'race-1'),
      ),
    );
    expect(answers.map(a => a.status)).toEqual(Array(12).fill(201));
    expect(new Set(answers.map(a => a.body.key)).size).toBe(1);
    expect(await count('changes')).toBe(1);
  });

  it('answers a retried transition with its first answer instead of a stale-version 409', async () => {
    const { as, create, get } = await start();
    const { key } = await create('changes', changeBody());
    const { version } = await get(`/changes/${key}`);
    const submit = () =>
      as()
        .post(`/changes/${key}/transitions`, { to: 'review', version })
        .set('Idempotency-Key', 'submit-1');
    const first = await submit();
    expect(first.status).toBe(200);
    const retry = await submit();
    expect(retry.status).toBe(200);
    expect(retry.body).toEqual(first.body);
    expect((await get(`/changes/${key}`)).version).toBe(version + 1);
    // Without the key the same request is stale.
    expect(
      (
        await as().post(`/changes/${key}/transitions`, {
          to: 'review',
          version,
        })
      ).status,
    ).toBe(409);
  });

  it('refuses a malformed key naming the header, before writing', async () => {
    const { as } = await start();
    for (const key of ['', 'x'.repeat(201), 'with space']) {
      const res = await as()
        .post('/changes', changeBody())
        .set('Idempotency-Key', key);
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(/idempotency-key/i);
    }
    expect(await count('changes')).toBe(0);
  });
});
