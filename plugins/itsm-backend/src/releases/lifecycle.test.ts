import { AMARA, changeBody, LUKAS, SOFIA } from '../__testUtils__/fixtures';
import {
  ITSM_TEST_DATABASES,
  useItsmTestDatabase,
} from '../__testUtils__/itsmTestDatabase';
import {
  expectConflict,
  lifecycleBackends,
} from '../__testUtils__/lifecycleApi';
import { useFixtureClock } from '../__testUtils__/fixtureClock';

jest.setTimeout(120_000);

// Changes start inside the fixtures' implementation window: the suite's
// clock is there, moving on from there.
useFixtureClock();

describe.each(ITSM_TEST_DATABASES)('ITSM lifecycles on %s', databaseId => {
  // One database and one backend per configuration for the suite.
  const start = lifecycleBackends(useItsmTestDatabase(databaseId));

  // -----------------------------------------------------------------------
  describe('release', () => {
    const releaseBody = (overrides: Record<string, unknown> = {}) => ({
      title: 'Payments 2026.12',
      entityRefs: ['system:default/payments'],
      ...overrides,
    });

    it('starts coordination directly only within budget, and closes once its changes are closed', async () => {
      const {
        as,
        create,
        get,
        move,
        moveOk,
        patch,
        stateMoves,
        linkKeys,
        changeToClosed,
      } = await start();
      await create('releases', releaseBody());
      const path = '/releases/REL-1';
      await expectConflict(
        await move(path, 'coordinating'),
        /not recorded as within budget/,
      );
      expect((await get(path)).state).toBe('defined');
      expect((await patch(path, { withinBudget: true })).status).toBe(200);
      await moveOk(path, 'coordinating');

      await create('changes', changeBody());
      await create('changes', changeBody({ title: 'Second change' }));
      expect(
        (await as().post('/releases/REL-1/links', { target: 'CHG-1' })).status,
      ).toBe(201);
      expect(
        (await as().post('/changes/CHG-2/links', { target: 'REL-1' })).status,
      ).toBe(201);
      await expectConflict(
        await move(path, 'reviewing'),
        /change CHG-1, CHG-2 is still open|change CHG-2, CHG-1 is still open/,
      );
      // Cancelling mid-coordination is refused for the same reason.
      await expectConflict(
        await move(path, 'cancelled', { reason: 'stop' }),
        /still open/,
      );

      await changeToClosed('CHG-1');
      await expectConflict(
        await move(path, 'reviewing'),
        /change CHG-2 is still open/,
      );
      await moveOk('/changes/CHG-2', 'cancelled', {
        reason: 'not needed after all',
      });
      await moveOk(path, 'reviewing');
      // Finished changes stay with the release that ran them; no backlog is involved.
      expect(await linkKeys(path)).toEqual(['CHG-1', 'CHG-2']);
      expect((await as().get('/releases?state=backlog')).body.totalCount).toBe(
        0,
      );

      // Coordination is over: a change joins the release no more (it could
      // otherwise be closed as fulfilled by a release that never ran it).
      await create('changes', changeBody({ title: 'Late fix' }));
      await expectConflict(
        await as().post('/releases/REL-1/links', { target: 'CHG-3' }),
        /REL-1 is reviewing: its coordination is over/,
      );
      // The post-implementation review publishes its suggestions with the close.
      const noReview = await move(path, 'closed');
      expect(noReview.status).toBe(400);
      expect(noReview.body.error.message).toMatch(/^suggestions: is required/);
      const closed = await moveOk(path, 'closed', {
        suggestions: 'Book the database window a week earlier',
      });
      expect(closed.reviewSuggestions).toBe(
        'Book the database window a week earlier',
      );
      // A closed release takes no new links at all.
      await expectConflict(
        await as().post('/changes/CHG-3/links', { target: 'REL-1' }),
        /REL-1 is closed: a finished record takes no new links/,
      );
      expect(await linkKeys(path)).toEqual(['CHG-1', 'CHG-2']);
      expect(await stateMoves(path)).toEqual([
        ['start_coordination', 'defined', 'coordinating'],
        ['complete', 'coordinating', 'reviewing'],
        ['close', 'reviewing', 'closed'],
      ]);
    });

    it('needs its business case approved by someone other than the proposer', async () => {
      const { create, get, move, moveOk, reasons } = await start();
      await create('releases', releaseBody());
      const path = '/releases/REL-1';
      await moveOk(path, 'justification');
      await expectConflict(
        await move(path, 'coordinating'),
        /nobody approves their own proposal/,
      );
      expect((await get(path)).state).toBe('justification');
      // Returned for adjustment with a reason, resubmitted, approved by another.
      expect((await move(path, 'defined', {}, LUKAS)).status).toBe(400);
      await moveOk(path, 'defined', { reason: 'cost estimate missing' }, LUKAS);
      await moveOk(path, 'justification');
      await moveOk(path, 'coordinating', {}, LUKAS);
      expect(await reasons(path)).toEqual([
        ['send_back', 'cost estimate missing'],
      ]);
    });

    it('does not let whoever submitted the business case approve it', async () => {
      const { move, moveOk, create } = await start();
      await create('releases', releaseBody(), LUKAS);
      await moveOk('/releases/REL-1', 'justification', {}, AMARA);
      await expectConflict(
        await move('/releases/REL-1', 'coordinating', {}, AMARA),
        /nobody approves their own proposal/,
      );
    });

    it('returns its RFCs to the backlog of their service when it is cancelled or its business case rejected', async () => {
      const { as, create, moveOk, linkKeys } = await start();
      await create('changes', changeBody());
      await create(
        'changes',
        changeBody({
          title: 'Second RFC',
          entityRefs: ['component:default/payments-api'],
        }),
      );
      for (const key of ['CHG-1', 'CHG-2']) {
        await moveOk(`/changes/${key}`, 'review');
        await moveOk(`/changes/${key}`, 'in_release');
      }
      expect(await linkKeys('/releases/REL-1')).toEqual(['CHG-1', 'CHG-2']);
      await create('releases', releaseBody());
      await create('releases', releaseBody({ title: 'Payments 2027.01' }));
      // An RFC that needs a CAB vote joins no release by hand: only the
      // release of the CAB meeting that included it (cabMeetings.test.ts).
      await expectConflict(
        await as().post('/releases/REL-2/links', { target: 'CHG-1' }),
        /^CHG-1 needs a CAB vote: it joins only the release registered by the CAB meeting that included it, not REL-2$/,
      );
      // Fixing a problem without changing functionality, they need no vote
      // and join releases directly.
      await create('problems', {
        title: 'Settlement batch times out',
        entityRefs: ['component:default/payments-api'],
      });
      for (const key of ['CHG-1', 'CHG-2']) {
        expect(
          (await as().post(`/changes/${key}/links`, { target: 'PRB-1' }))
            .status,
        ).toBe(201);
      }
      expect((await as().delete('/changes/CHG-1/links/REL-1')).status).toBe(
        204,
      );
      expect((await as().delete('/changes/CHG-2/links/REL-1')).status).toBe(
        204,
      );
      expect(
        (await as().post('/releases/REL-2/links', { target: 'CHG-1' })).status,
      ).toBe(201);
      expect(
        (await as().post('/releases/REL-3/links', { target: 'CHG-2' })).status,
      ).toBe(201);
      expect(await linkKeys('/releases/REL-1')).toEqual([]);

      await moveOk('/releases/REL-2', 'cancelled', {
        reason: 'merged into the next release',
      });
      expect(await linkKeys('/changes/CHG-1')).toEqual(['PRB-1', 'REL-1']);
      expect(await linkKeys('/releases/REL-2')).toEqual([]);

      await moveOk('/releases/REL-3', 'justification');
      await moveOk(
        '/releases/REL-3',
        'cancelled',
        { reason: 'no budget' },
        LUKAS,
      );
      expect(await linkKeys('/changes/CHG-2')).toEqual(['PRB-1', 'REL-1']);
      expect(await linkKeys('/releases/REL-1')).toEqual(['CHG-1', 'CHG-2']);
      expect((await as().get('/releases?state=backlog')).body.totalCount).toBe(
        1,
      );
    });

    it('rejects a business case finally only with a reason', async () => {
      const { create, move, moveOk } = await start();
      await create('releases', releaseBody());
      await moveOk('/releases/REL-1', 'justification');
      expect(
        (await move('/releases/REL-1', 'cancelled', {}, LUKAS)).status,
      ).toBe(400);
      await moveOk(
        '/releases/REL-1',
        'cancelled',
        { reason: 'no budget this year' },
        LUKAS,
      );
    });

    it('hands a normal change to the backlog release of its service, creating it once', async () => {
      const { as, create, get, move, moveOk, linkKeys } = await start();
      await create('changes', changeBody());
      await moveOk('/changes/CHG-1', 'review');
      await moveOk('/changes/CHG-1', 'in_release');
      const detail = await get('/changes/CHG-1');
      expect(detail.links).toEqual([
        expect.objectContaining({
          key: 'REL-1',
          type: 'releases',
          state: 'backlog',
        }),
      ]);
      const backlog = await get('/releases/REL-1');
      expect(backlog).toMatchObject({
        state: 'backlog',
        entityRefs: ['system:default/payments'],
      });
      // No transition leaves the backlog.
      await expectConflict(
        await move('/releases/REL-1', 'coordinating'),
        /no transition leaves 'backlog'/,
      );

      // Another change of the same service joins the same backlog.
      await create(
        'changes',
        changeBody({ entityRefs: ['component:default/payments-api'] }),
      );
      await moveOk('/changes/CHG-2', 'review');
      await moveOk('/changes/CHG-2', 'in_release');
      expect(await linkKeys('/changes/CHG-2')).toEqual(['REL-1']);
      expect(await linkKeys('/releases/REL-1')).toEqual(['CHG-1', 'CHG-2']);
      expect((await as().get('/releases?state=backlog')).body.totalCount).toBe(
        1,
      );

      // Passing it back to change management takes it out of the backlog.
      expect((await move('/changes/CHG-2', 'review')).status).toBe(400);
      await moveOk('/changes/CHG-2', 'review', {
        reason: 'a single coordinator can do it',
      });
      expect(await linkKeys('/changes/CHG-2')).toEqual([]);
      expect(await linkKeys('/releases/REL-1')).toEqual(['CHG-1']);

      // A change of another service gets its own backlog.
      await create(
        'changes',
        changeBody({ entityRefs: ['component:default/checkout-web'] }),
        SOFIA,
      );
      await moveOk('/changes/CHG-3', 'review', {}, SOFIA);
      await moveOk('/changes/CHG-3', 'in_release', {}, SOFIA);
      expect(await linkKeys('/changes/CHG-3')).toEqual(['REL-2']);
      expect((await get('/releases/REL-2')).state).toBe('backlog');
    });

    it('keeps a backlog created through the API the only one of its service', async () => {
      const { as, create, moveOk, linkKeys } = await start();
      const backlog = await create(
        'releases',
        releaseBody({ title: 'Payments backlog', backlog: true }),
      );
      expect(backlog.state).toBe('backlog');
      const second = await as().post(
        '/releases',
        releaseBody({ title: 'Another backlog', backlog: true }),
      );
      expect(second.status).toBe(409);
      expect(second.body.error.message).toMatch(
        /system:default\/payments already has a backlog release \(REL-1\)/,
      );
      // Nothing of the refused create remains: the next key is REL-2.
      expect((await create('releases', releaseBody())).key).toBe('REL-2');
      // A hand-over joins the backlog created through the API.
      await create('changes', changeBody());
      await moveOk('/changes/CHG-1', 'review');
      await moveOk('/changes/CHG-1', 'in_release');
      expect(await linkKeys('/changes/CHG-1')).toEqual(['REL-1']);
    });

    it('creates one backlog per service when RFCs are handed over concurrently', async () => {
      const { as, create, moveOk, linkKeys } = await start();
      const count = 8;
      const keys: string[] = [];
      for (let i = 0; i < count; i++) {
        const change = await create(
          'changes',
          changeBody({ title: `Concurrent RFC ${i}` }),
        );
        await moveOk(`/changes/${change.key}`, 'review');
        keys.push(change.key);
      }
      // Every hand-over at once, on a service without a backlog yet.
      const answers = await Promise.all(
        keys.map(key => moveOk(`/changes/${key}`, 'in_release')),
      );
      expect(answers.map(a => a.state)).toEqual(keys.map(() => 'in_release'));
      const backlogs = (await as().get('/releases?state=backlog')).body;
      expect(backlogs.totalCount).toBe(1);
      const backlog = backlogs.items[0].key;
      expect((await linkKeys(`/releases/${backlog}`)).sort()).toEqual(
        [...keys].sort(),
      );
      for (const key of keys) {
        expect(await linkKeys(`/changes/${key}`)).toEqual([backlog]);
      }
    });
  });
});
