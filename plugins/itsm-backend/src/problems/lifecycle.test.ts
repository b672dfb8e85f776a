import {
  AMARA,
  changeBody,
  FULL_PLAN,
  incidentBody,
  LUKAS,
  SOFIA,
} from '../__testUtils__/fixtures';
import {
  ITSM_TEST_DATABASES,
  useItsmTestDatabase,
} from '../__testUtils__/itsmTestDatabase';
import {
  api,
  expectConflict,
  expectForbidden,
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
  describe('problem', () => {
    const problemBody = (overrides: Record<string, unknown> = {}) => ({
      title: 'Connection pool exhaustion',
      entityRefs: ['component:default/payments-api'],
      ...overrides,
    });

    const VERIFIED = 'No pool exhaustion in 14 days of peak traffic';

    /** Creates PRB-n and takes it to root_cause_known. */
    const toRootCauseKnown = async (
      t: ReturnType<typeof api>,
      key = 'PRB-1',
    ) => {
      await t.moveOk(`/problems/${key}`, 'under_investigation');
      await t.moveOk(`/problems/${key}`, 'root_cause_known', {
        rootCause: 'pool too small for peak',
      });
    };

    it('is registered from an incident and linked to it in the same write', async () => {
      const { as, create, linkKeys, history } = await start();
      const incident = await create('incidents', incidentBody());
      const created = await as().post(
        '/problems',
        problemBody({ incidentKey: incident.key.toLowerCase() }),
      );
      expect(created.status).toBe(201);
      expect(created.body.incidentKey).toBe(incident.key);
      expect(await linkKeys(`/problems/${created.body.key}`)).toEqual([
        incident.key,
      ]);
      expect(await linkKeys(`/incidents/${incident.key}`)).toEqual([
        created.body.key,
      ]);
      expect(
        (await history(`/incidents/${incident.key}`)).map(h => h.action),
      ).toContain('linked');
      // Not an incident, or none: refused, and nothing is written.
      for (const incidentKey of ['CHG-1', 'INC-99']) {
        const refused = await as().post(
          '/problems',
          problemBody({ incidentKey }),
        );
        expect(refused.status).toBe(400);
        expect(refused.body.error.message).toMatch(/incidentKey/);
      }
      expect((await as().get('/problems')).body.totalCount).toBe(1);
    });

    it('runs new -> ... -> known_error, raising an RFC, and closes once that change closed successfully', async () => {
      const t = await start();
      const {
        create,
        get,
        move,
        moveOk,
        patch,
        linkKeys,
        stateMoves,
        changeToClosed,
      } = t;
      await create('problems', problemBody({ workaround: 'restart the pods' }));
      const path = '/problems/PRB-1';
      await moveOk(path, 'under_investigation');

      const noCause = await move(path, 'root_cause_known');
      expect(noCause.status).toBe(400);
      expect(noCause.body.error.message).toMatch(/^rootCause: is required/);
      const rck = await moveOk(path, 'root_cause_known', {
        rootCause: 'pool too small for peak',
      });
      expect(rck.rootCause).toBe('pool too small for peak');

      await moveOk(path, 'known_error');
      expect(await linkKeys(path)).toEqual(['CHG-1']);
      const rfc = await get('/changes/CHG-1');
      expect(rfc).toMatchObject({
        state: 'draft',
        changeType: 'normal',
        entityRefs: ['component:default/payments-api'],
        problemKey: 'PRB-1',
      });
      expect(rfc.title).toContain('PRB-1');
      expect(rfc.links.map((l: { key: string }) => l.key)).toEqual(['PRB-1']);

      // Not resolved while its change is open.
      await expectConflict(await move(path, 'resolved'), /CHG-1 is still open/);

      expect((await patch('/changes/CHG-1', FULL_PLAN)).status).toBe(200);
      await changeToClosed('CHG-1', 'successful');

      await moveOk(path, 'resolved');
      await moveOk(path, 'closed', { verification: VERIFIED });
      expect(await stateMoves(path)).toEqual([
        ['start', 'new', 'under_investigation'],
        ['record_root_cause', 'under_investigation', 'root_cause_known'],
        ['raise_known_error', 'root_cause_known', 'known_error'],
        ['resolve', 'known_error', 'resolved'],
        ['close', 'resolved', 'closed'],
      ]);
    });

    it('does not resolve a known error whose change failed, nor one with no change linked', async () => {
      const t = await start();
      const { as, create, move, moveOk, patch, changeToClosed } = t;
      await create('problems', problemBody());
      await toRootCauseKnown(t);
      await moveOk('/problems/PRB-1', 'known_error');
      await patch('/changes/CHG-1', FULL_PLAN);
      await changeToClosed('CHG-1', 'failed');
      await expectConflict(
        await move('/problems/PRB-1', 'resolved'),
        /no linked change closed successfully/,
      );
      // Back to investigation with a reason.
      expect(
        (await move('/problems/PRB-1', 'under_investigation')).status,
      ).toBe(400);
      await moveOk('/problems/PRB-1', 'under_investigation', {
        reason: 'CHG-1 failed',
      });

      await create('problems', problemBody());
      await toRootCauseKnown(t, 'PRB-2');
      await moveOk('/problems/PRB-2', 'known_error');
      expect((await as().delete('/problems/PRB-2/links/CHG-2')).status).toBe(
        204,
      );
      await expectConflict(
        await move('/problems/PRB-2', 'resolved'),
        /no change is linked/,
      );
    });

    it('links an open change named by changeKey instead of raising an RFC, but never one already implementing', async () => {
      const t = await start();
      const { as, create, get, move, moveOk, linkKeys } = t;
      await create('changes', changeBody());
      await create('problems', problemBody());
      await toRootCauseKnown(t);
      await moveOk('/problems/PRB-1', 'known_error', { changeKey: 'CHG-1' });
      expect(await linkKeys('/problems/PRB-1')).toEqual(['CHG-1']);
      expect((await as().get('/changes')).body.totalCount).toBe(1);

      // An emergency change is implementing at once.
      await create('incidents', incidentBody());
      await create(
        'changes',
        changeBody({ changeType: 'emergency', incidentKey: 'INC-1' }),
        SOFIA,
      );
      await moveOk('/changes/CHG-2', 'implementing', {}, LUKAS);
      await create('problems', problemBody());
      await toRootCauseKnown(t, 'PRB-2');
      await expectConflict(
        await move('/problems/PRB-2', 'known_error', { changeKey: 'CHG-2' }),
        /CHG-2 is implementing; a known error links only to an open change not yet implemented/,
      );
      expect((await get('/problems/PRB-2')).state).toBe('root_cause_known');
      expect(await linkKeys('/problems/PRB-2')).toEqual([]);
      expect((await as().get('/changes')).body.totalCount).toBe(2);

      const unknown = await move('/problems/PRB-2', 'known_error', {
        changeKey: 'CHG-99',
      });
      expect(unknown.status).toBe(400);
      expect(unknown.body.error.message).toMatch(/changeKey/);

      // An RFC waiting in release management is open and not yet implemented.
      await create('changes', changeBody({ title: 'Bundle the pool fix' }));
      await moveOk('/changes/CHG-3', 'review');
      await moveOk('/changes/CHG-3', 'in_release');
      await moveOk('/problems/PRB-2', 'known_error', { changeKey: 'CHG-3' });
      expect(await linkKeys('/problems/PRB-2')).toEqual(['CHG-3']);
    });

    it('resolves without change when the gate allows it, and refuses when the fix needs change management', async () => {
      const t = await start();
      const { create, get, move, moveOk, stateMoves } = t;
      await create('problems', problemBody());
      await toRootCauseKnown(t);
      await expectConflict(
        await move('/problems/PRB-1', 'resolved', {
          changeGate: { changesFunctionality: true },
        }),
        /needs change management/,
      );
      await expectConflict(
        await move('/problems/PRB-1', 'resolved', {
          changeGate: { disruptsService: true },
        }),
        /needs change management/,
      );
      expect((await get('/problems/PRB-1')).state).toBe('root_cause_known');

      await create('problems', problemBody());
      await toRootCauseKnown(t, 'PRB-2');
      await moveOk('/problems/PRB-2', 'resolved', {
        changeGate: {
          disruptsService: false,
          changesFunctionality: false,
          requiresCmdbUpdate: false,
        },
      });
      await moveOk('/problems/PRB-2', 'closed', { verification: VERIFIED });
      expect(await stateMoves('/problems/PRB-2')).toEqual([
        ['start', 'new', 'under_investigation'],
        ['record_root_cause', 'under_investigation', 'root_cause_known'],
        ['resolve', 'root_cause_known', 'resolved'],
        ['close', 'resolved', 'closed'],
      ]);
    });

    it.each([
      ['after its change closed successfully', true],
      ['when resolved without a change', false],
    ])(
      'closes only once the problem coordinator records the verification, %s',
      async (_name, withChange) => {
        const t = await start();
        const { create, get, history, move, moveOk, patch, changeToClosed } = t;
        await create('problems', problemBody());
        await toRootCauseKnown(t);
        const path = '/problems/PRB-1';
        if (withChange) {
          await moveOk(path, 'known_error');
          await patch('/changes/CHG-1', FULL_PLAN);
          await changeToClosed('CHG-1', 'successful');
          await moveOk(path, 'resolved');
        } else {
          await moveOk(path, 'resolved', { changeGate: {} });
        }

        // No verification, or an empty one: 400 naming the field.
        for (const extra of [{}, { verification: '  ' }]) {
          const unverified = await move(path, 'closed', extra);
          expect(unverified.status).toBe(400);
          expect(unverified.body.error.message).toMatch(/^verification: /);
        }
        // Somebody who is not the problem coordinator: 403 naming the role.
        await expectForbidden(
          await move(path, 'closed', { verification: VERIFIED }, SOFIA),
          /^Only the problem coordinator .* may verify and close PRB-1$/,
        );
        expect((await get(path)).state).toBe('resolved');
        expect((await get(path)).verification).toBeUndefined();

        const closed = await moveOk(path, 'closed', {
          verification: VERIFIED,
        });
        expect(closed.verification).toEqual({
          by: AMARA,
          at: expect.any(String),
          evidence: VERIFIED,
        });
        expect(Date.parse(closed.verification.at)).not.toBeNaN();
        expect(
          (await history(path)).filter(e => e.field === 'verification'),
        ).toEqual([
          expect.objectContaining({
            action: 'close',
            actor: AMARA,
            from: null,
            to: closed.verification,
          }),
        ]);
      },
    );

    it('declares an impasse only with a reason, keeps it, and re-reviews', async () => {
      const t = await start();
      const { create, get, move, moveOk, reasons } = t;
      await create('problems', problemBody());
      await moveOk('/problems/PRB-1', 'under_investigation');
      const noReason = await move('/problems/PRB-1', 'impasse');
      expect(noReason.status).toBe(400);
      expect((await get('/problems/PRB-1')).state).toBe('under_investigation');
      const impasse = await moveOk('/problems/PRB-1', 'impasse', {
        reason: 'cannot reproduce',
      });
      expect(impasse.impasseReason).toBe('cannot reproduce');
      await moveOk('/problems/PRB-1', 'under_investigation');
      await moveOk('/problems/PRB-1', 'root_cause_known', {
        rootCause: 'vendor driver bug',
      });
      const again = await moveOk('/problems/PRB-1', 'impasse', {
        reason: 'vendor will not fix it',
      });
      expect(again.impasseReason).toBe('vendor will not fix it');
      expect(await reasons('/problems/PRB-1')).toEqual([
        ['declare_impasse', 'cannot reproduce'],
        ['declare_impasse', 'vendor will not fix it'],
      ]);
    });

    it('sends an analysis back with a reason and counts it', async () => {
      const t = await start();
      const { create, get, move, moveOk } = t;
      await create('problems', problemBody());
      await toRootCauseKnown(t);
      expect(
        (await move('/problems/PRB-1', 'under_investigation')).status,
      ).toBe(400);
      expect((await get('/problems/PRB-1')).state).toBe('root_cause_known');
      const back = await moveOk('/problems/PRB-1', 'under_investigation', {
        reason: 'the analysis ignores the retries',
      });
      expect(back.sendBackCount).toBe(1);
      await moveOk('/problems/PRB-1', 'root_cause_known', {
        rootCause: 'retry storm',
      });
      expect(
        (
          await moveOk('/problems/PRB-1', 'under_investigation', {
            reason: 'still thin',
          })
        ).sendBackCount,
      ).toBe(2);
    });
  });
});
