import { TestDatabases } from '@backstage/backend-test-utils';
import {
  changeBody,
  incidentBody,
  slaBody,
  startItsm,
} from './__testUtils__/itsmTestBackend';

/**
 * The life of every record type, driven through the REST API alone, and the
 * domain rules of the ITSM process model (guards, effects, reasons, roles).
 * Each rule has a test that fails when the server stops enforcing it.
 */

jest.setTimeout(120_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

const AMARA = 'user:default/amara'; // payments-team
const LUKAS = 'user:default/lukas'; // payments-team
const SOFIA = 'user:default/sofia'; // storefront-team
const INES = 'user:default/ines'; // platform-team
const OUTSIDER = 'user:default/outsider'; // no group

const PAYMENTS = 'group:default/payments-team';
const STOREFRONT = 'group:default/storefront-team';

type Agent = Awaited<ReturnType<typeof startItsm>>['as'];

interface HistoryItem {
  action: string;
  field: string | null;
  from: unknown;
  to: unknown;
  actor: string;
}

/** Short-hands over the REST API for one test backend. */
function api(as: Agent) {
  /** GET a record (with links, and approvals for changes). */
  const get = async (path: string) => {
    const res = await as().get(path);
    expect(res.status).toBe(200);
    return res.body;
  };
  /** POST a transition with the record's current version. */
  const move = async (
    path: string,
    to: string,
    extra: Record<string, unknown> = {},
    user = AMARA,
  ) => {
    const { version } = await get(path);
    return as(user).post(`${path}/transitions`, { to, version, ...extra });
  };
  /** A transition that must succeed; answers the record. */
  const moveOk = async (
    path: string,
    to: string,
    extra: Record<string, unknown> = {},
    user = AMARA,
  ) => {
    const res = await move(path, to, extra, user);
    if (res.status !== 200) {
      throw new Error(
        `${path} -> ${to} answered ${res.status}: ${JSON.stringify(
          res.body?.error?.message ?? res.body,
        )}`,
      );
    }
    expect(res.body.state).toBe(to);
    return res.body;
  };
  /** PATCH with the record's current version. */
  const patch = async (
    path: string,
    body: Record<string, unknown>,
    user = AMARA,
  ) => {
    const { version } = await get(path);
    return as(user).patch(path, { version, ...body });
  };
  const create = async (
    type: string,
    body: Record<string, unknown>,
    user = AMARA,
  ) => {
    const res = await as(user).post(`/${type}`, body);
    if (res.status !== 201) {
      throw new Error(
        `create ${type} answered ${res.status}: ${JSON.stringify(res.body)}`,
      );
    }
    return res.body;
  };
  const history = async (path: string): Promise<HistoryItem[]> =>
    (await get(`${path}/history`)).items;
  const stateMoves = async (path: string) =>
    (await history(path))
      .filter(e => e.field === 'state')
      .map(e => [e.action, e.from, e.to]);
  const reasons = async (path: string) =>
    (await history(path))
      .filter(e => e.field === 'reason')
      .map(e => [e.action, e.to]);
  const linkKeys = async (path: string) =>
    ((await get(path)).links as Array<{ key: string }>).map(l => l.key);
  const approve = (
    key: string,
    user: string,
    body: Record<string, unknown> = {},
  ) =>
    as(user).post(`/changes/${key}/approvals`, {
      decision: 'approve',
      ...body,
    });

  /**
   * Takes a normal change created by amara from draft to scheduled: submit,
   * register for planning, request approval, lukas approves.
   */
  const changeToScheduled = async (key: string) => {
    const path = `/changes/${key}`;
    await moveOk(path, 'review');
    await moveOk(path, 'planning');
    await moveOk(path, 'approval');
    const res = await approve(key, LUKAS);
    expect(res.status).toBe(200);
    expect(res.body.state).toBe('scheduled');
  };
  /** ... and on to closed with the given outcome. */
  const changeToClosed = async (key: string, outcome = 'successful') => {
    const path = `/changes/${key}`;
    await changeToScheduled(key);
    await moveOk(path, 'implementing');
    await moveOk(path, 'verifying');
    return moveOk(path, 'closed', { outcome });
  };

  return {
    get,
    move,
    moveOk,
    patch,
    create,
    history,
    stateMoves,
    reasons,
    linkKeys,
    approve,
    changeToScheduled,
    changeToClosed,
  };
}

/** Expects a 409 whose message matches, and that the record did not move. */
async function expectConflict(
  res: {
    status: number;
    body: { error?: { name?: string; message?: string } };
  },
  message: RegExp,
) {
  expect(res.body?.error?.message).toMatch(message);
  expect(res.status).toBe(409);
  expect(res.body.error?.name).toBe('ConflictError');
}

const FULL_PLAN = {
  plannedStart: '2026-12-01T22:00:00Z',
  plannedEnd: '2026-12-01T23:00:00Z',
  implementationPlan: 'raise the pool size',
  testPlan: 'load test',
  backoutPlan: 'restore the previous setting',
};

const STANDARD_TEMPLATES = {
  changes: {
    standardTemplates: [
      { id: 'cert', title: 'Rotate certs', skipApproval: true },
      {
        id: 'dbparam',
        title: 'Tune a database parameter',
        skipApproval: false,
      },
    ],
  },
};

describe.each(databases.eachSupportedId())(
  'ITSM lifecycles on %s',
  databaseId => {
    const start = async (options: Parameters<typeof startItsm>[0] = {}) => {
      const started = await startItsm({ databaseId, databases, ...options });
      return { ...started, ...api(started.as) };
    };

    // -----------------------------------------------------------------------
    describe('incident', () => {
      it('runs new -> assigned -> in_progress -> pending -> in_progress -> resolved -> closed', async () => {
        const { as, create, get, move, moveOk, stateMoves, reasons } =
          await start();
        const inc = await create('incidents', incidentBody());
        expect(inc).toMatchObject({
          key: 'INC-1',
          state: 'new',
          assignedGroup: PAYMENTS,
          assignee: null,
        });
        const path = '/incidents/INC-1';

        await moveOk(path, 'assigned');
        const started = await moveOk(path, 'in_progress', {}, LUKAS);
        expect(started.assignee).toBe(LUKAS);

        const noReason = await move(path, 'pending', {
          pendingReason: 'waiting for logs',
        });
        expect(noReason.status).toBe(400);
        expect(noReason.body.error.message).toMatch(
          /^reason: a reason is required/,
        );
        const pending = await moveOk(
          path,
          'pending',
          {
            reason: 'waiting for the customer',
            pendingReason: 'waiting for the customer to send card logs',
          },
          LUKAS,
        );
        expect(pending.pendingReason).toBe(
          'waiting for the customer to send card logs',
        );

        const resumed = await moveOk(path, 'in_progress', {}, LUKAS);
        expect(resumed.pendingReason).toBeNull();

        const noCode = await move(path, 'resolved', {}, LUKAS);
        expect(noCode.status).toBe(400);
        expect(noCode.body.error.message).toMatch(
          /^resolutionCode: is required/,
        );
        const resolved = await moveOk(
          path,
          'resolved',
          {
            resolutionCode: 'fixed',
            resolutionNotes: 'pool size raised',
          },
          LUKAS,
        );
        expect(resolved).toMatchObject({
          resolutionCode: 'fixed',
          resolutionNotes: 'pool size raised',
        });

        const closed = await moveOk(path, 'closed');
        expect(closed.state).toBe('closed');
        // Closed is final.
        await expectConflict(
          await move(path, 'assigned', { reason: 'again' }),
          /'closed' is a final state/,
        );
        expect((await as().get(path)).body.state).toBe('closed');

        expect(await stateMoves(path)).toEqual([
          ['assign', 'new', 'assigned'],
          ['start', 'assigned', 'in_progress'],
          ['pend', 'in_progress', 'pending'],
          ['resume', 'pending', 'in_progress'],
          ['resolve', 'in_progress', 'resolved'],
          ['close', 'resolved', 'closed'],
        ]);
        expect(await reasons(path)).toEqual([
          ['pend', 'waiting for the customer'],
        ]);
        expect((await get(path)).version).toBe(7);
      });

      it('lets whoever registers resolve at once (new -> resolved)', async () => {
        const { create, moveOk, move, stateMoves } = await start();
        await create('incidents', incidentBody(), SOFIA);
        // Not in one step from new to closed.
        await expectConflict(
          await move('/incidents/INC-1', 'closed'),
          /allowed: assigned, resolved, cancelled/,
        );
        const resolved = await moveOk(
          '/incidents/INC-1',
          'resolved',
          {
            resolutionCode: 'user_error',
            changeGate: {
              disruptsService: false,
              changesFunctionality: false,
              requiresCmdbUpdate: false,
            },
          },
          SOFIA,
        );
        expect(resolved.resolutionCode).toBe('user_error');
        expect(await stateMoves('/incidents/INC-1')).toEqual([
          ['resolve', 'new', 'resolved'],
        ]);
        // No resolve from assigned or pending: work is started / resumed first.
        await create('incidents', incidentBody());
        await moveOk('/incidents/INC-2', 'assigned');
        await expectConflict(
          await move('/incidents/INC-2', 'resolved', {
            resolutionCode: 'fixed',
          }),
          /allowed: in_progress, new, cancelled/,
        );
      });

      it('reopens a resolved incident with a reason, counts it and keeps the assignment', async () => {
        const { create, get, move, moveOk, reasons } = await start();
        await create('incidents', incidentBody());
        const path = '/incidents/INC-1';
        await moveOk(path, 'assigned');
        await moveOk(path, 'in_progress', {}, LUKAS);
        await moveOk(path, 'resolved', { resolutionCode: 'fixed' }, LUKAS);

        const noReason = await move(path, 'assigned', {}, SOFIA);
        expect(noReason.status).toBe(400);
        expect(noReason.body.error.message).toMatch(
          /reason: a reason is required to reopen INC-1/,
        );
        expect((await get(path)).state).toBe('resolved');

        const reopened = await moveOk(
          path,
          'assigned',
          { reason: 'still failing for Amex' },
          SOFIA,
        );
        expect(reopened).toMatchObject({
          reopenCount: 1,
          assignedGroup: PAYMENTS,
          assignee: LUKAS,
        });

        await moveOk(path, 'in_progress', {}, LUKAS);
        await moveOk(path, 'resolved', { resolutionCode: 'fixed' }, LUKAS);
        const again = await moveOk(
          path,
          'assigned',
          { reason: 'fails again' },
          SOFIA,
        );
        expect(again.reopenCount).toBe(2);
        expect(await reasons(path)).toEqual([
          ['reopen', 'still failing for Amex'],
          ['reopen', 'fails again'],
        ]);
      });

      it('sends an assignment back with a reason, counts it and clears the assignment', async () => {
        const { create, get, move, moveOk, patch } = await start();
        await create('incidents', incidentBody());
        const path = '/incidents/INC-1';
        await moveOk(path, 'assigned');
        expect((await patch(path, { assignee: LUKAS })).status).toBe(200);

        const noReason = await move(path, 'new', {}, LUKAS);
        expect(noReason.status).toBe(400);
        expect((await get(path)).state).toBe('assigned');

        const sentBack = await moveOk(
          path,
          'new',
          { reason: 'wrong group: this is the storefront' },
          LUKAS,
        );
        expect(sentBack).toMatchObject({
          sendBackCount: 1,
          assignedGroup: null,
          assignee: null,
        });

        // Assigning needs an assignment group now that routing was undone.
        await expectConflict(
          await move(path, 'assigned'),
          /an assignment group is required/,
        );
        expect((await get(path)).state).toBe('new');
        const assigned = await moveOk(path, 'assigned', {
          assignedGroup: STOREFRONT,
        });
        expect(assigned.assignedGroup).toBe(STOREFRONT);
      });

      it('makes whoever starts work the assignee only when nobody is assigned', async () => {
        const { create, moveOk } = await start();
        await create('incidents', incidentBody());
        await moveOk('/incidents/INC-1', 'assigned');
        expect(
          (await moveOk('/incidents/INC-1', 'in_progress', {}, LUKAS)).assignee,
        ).toBe(LUKAS);

        await create('incidents', incidentBody({ assignee: AMARA }));
        await moveOk('/incidents/INC-2', 'assigned');
        expect(
          (await moveOk('/incidents/INC-2', 'in_progress', {}, LUKAS)).assignee,
        ).toBe(AMARA);
      });

      it.each([
        [
          'disruptsService',
          /makes a service unavailable or degraded during service hours/,
        ],
        ['changesFunctionality', /changes what the service does/],
        ['requiresCmdbUpdate', /requires a CMDB update/],
      ])(
        'change gate: a fix that %s is not resolved without a linked change',
        async (flag, condition) => {
          const { as, create, get, move, moveOk } = await start();
          await create('incidents', incidentBody());
          const path = '/incidents/INC-1';
          await moveOk(path, 'assigned');
          await moveOk(path, 'in_progress');
          const refused = await move(path, 'resolved', {
            resolutionCode: 'fixed',
            changeGate: { [flag]: true },
          });
          await expectConflict(refused, /needs change management/);
          expect(refused.body.error.message).toMatch(condition);
          expect((await get(path)).state).toBe('in_progress');

          // Also from new (the registration shortcut).
          await create('incidents', incidentBody());
          await expectConflict(
            await move('/incidents/INC-2', 'resolved', {
              resolutionCode: 'fixed',
              changeGate: { [flag]: true },
            }),
            /needs change management/,
          );

          // A cancelled change does not take the fix through change management.
          await create('changes', changeBody());
          await moveOk('/changes/CHG-1', 'cancelled', {
            reason: 'wrong service',
          });
          expect(
            (await as().post('/incidents/INC-1/links', { target: 'CHG-1' }))
              .status,
          ).toBe(201);
          await expectConflict(
            await move(path, 'resolved', {
              resolutionCode: 'fixed',
              changeGate: { [flag]: true },
            }),
            /needs change management/,
          );
          await create('changes', changeBody());
          expect(
            (await as().post('/incidents/INC-1/links', { target: 'CHG-2' }))
              .status,
          ).toBe(201);
          const resolved = await moveOk(path, 'resolved', {
            resolutionCode: 'fixed',
            changeGate: { [flag]: true },
          });
          expect(resolved.changeGate).toMatchObject({ [flag]: true });
        },
      );

      it('change gate: the gate recorded on the incident holds when the resolve does not repeat it', async () => {
        const { create, get, move, moveOk, patch } = await start();
        await create(
          'incidents',
          incidentBody({ changeGate: { requiresCmdbUpdate: true } }),
        );
        await expectConflict(
          await move('/incidents/INC-1', 'resolved', {
            resolutionCode: 'fixed',
          }),
          /needs change management/,
        );
        await create('incidents', incidentBody());
        expect(
          (
            await patch('/incidents/INC-2', {
              changeGate: { disruptsService: true },
            })
          ).status,
        ).toBe(200);
        await expectConflict(
          await move('/incidents/INC-2', 'resolved', {
            resolutionCode: 'fixed',
          }),
          /needs change management/,
        );
        expect((await get('/incidents/INC-2')).state).toBe('new');
        // A fix that meets none of the conditions resolves.
        await moveOk('/incidents/INC-2', 'resolved', {
          resolutionCode: 'fixed',
          changeGate: { disruptsService: false },
        });
      });
    });

    // -----------------------------------------------------------------------
    describe('problem', () => {
      const problemBody = (overrides: Record<string, unknown> = {}) => ({
        title: 'Connection pool exhaustion',
        entityRefs: ['component:default/payments-api'],
        ...overrides,
      });

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
        await create(
          'problems',
          problemBody({ workaround: 'restart the pods' }),
        );
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
        await expectConflict(
          await move(path, 'resolved'),
          /CHG-1 is still open/,
        );

        expect((await patch('/changes/CHG-1', FULL_PLAN)).status).toBe(200);
        await changeToClosed('CHG-1', 'successful');

        await moveOk(path, 'resolved');
        await moveOk(path, 'closed');
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
        await moveOk('/problems/PRB-2', 'closed');
        expect(await stateMoves('/problems/PRB-2')).toEqual([
          ['start', 'new', 'under_investigation'],
          ['record_root_cause', 'under_investigation', 'root_cause_known'],
          ['resolve', 'root_cause_known', 'resolved'],
          ['close', 'resolved', 'closed'],
        ]);
      });

      it('declares an impasse only with a reason, keeps it, and re-reviews', async () => {
        const t = await start();
        const { create, get, move, moveOk, reasons } = t;
        await create('problems', problemBody());
        await moveOk('/problems/PRB-1', 'under_investigation');
        const noReason = await move('/problems/PRB-1', 'impasse');
        expect(noReason.status).toBe(400);
        expect((await get('/problems/PRB-1')).state).toBe(
          'under_investigation',
        );
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

    // -----------------------------------------------------------------------
    describe('normal change', () => {
      it('runs draft -> review -> planning -> approval -> scheduled -> implementing -> verifying -> closed', async () => {
        const {
          as,
          create,
          get,
          move,
          moveOk,
          patch,
          approve,
          stateMoves,
          history,
        } = await start();
        await create(
          'changes',
          changeBody({
            plannedStart: undefined,
            backoutPlan: undefined,
            testPlan: '',
          }),
        );
        const path = '/changes/CHG-1';
        await moveOk(path, 'review');
        await moveOk(path, 'planning');

        const incomplete = await move(path, 'approval');
        await expectConflict(
          incomplete,
          /the plan is incomplete: missing plannedStart, testPlan, backoutPlan/,
        );
        expect((await get(path)).state).toBe('planning');
        expect((await patch(path, FULL_PLAN)).status).toBe(200);

        const inApproval = await moveOk(path, 'approval');
        expect(inApproval.requiredApprovers).toEqual([
          expect.objectContaining({ approverRef: PAYMENTS }),
        ]);
        const view = await as(SOFIA).get(`${path}/approvals`);
        expect(view.status).toBe(200);
        expect(view.body).toMatchObject({
          required: [expect.objectContaining({ approverRef: PAYMENTS })],
          approvals: [],
          pending: [PAYMENTS],
        });

        // Not scheduled by hand while approvals are missing.
        await expectConflict(
          await move(path, 'scheduled'),
          /approval still required from group:default\/payments-team/,
        );

        const own = await approve('CHG-1', AMARA);
        expect(own.status).toBe(403);
        expect(own.body.error.message).toMatch(
          /Nobody approves their own proposal/,
        );
        const stranger = await approve('CHG-1', SOFIA);
        expect(stranger.status).toBe(403);
        expect(stranger.body.error.message).toMatch(
          /do not represent any pending approver/,
        );
        expect((await get(path)).state).toBe('approval');

        const approved = await approve('CHG-1', LUKAS);
        expect(approved.status).toBe(200);
        expect(approved.body.state).toBe('scheduled');
        const after = await as().get(`${path}/approvals`);
        expect(after.body.pending).toEqual([]);
        expect(after.body.approvals).toEqual([
          expect.objectContaining({
            approverRef: PAYMENTS,
            decision: 'approve',
            decidedBy: LUKAS,
            superseded: false,
          }),
        ]);
        // The approval round is over.
        expect((await approve('CHG-1', LUKAS)).status).toBe(409);

        await moveOk(path, 'implementing');
        await moveOk(path, 'verifying');
        const noOutcome = await move(path, 'closed');
        expect(noOutcome.status).toBe(400);
        expect(noOutcome.body.error.message).toMatch(/^outcome: is required/);
        const closed = await moveOk(path, 'closed', { outcome: 'successful' });
        expect(closed.outcome).toBe('successful');

        expect(await stateMoves(path)).toEqual([
          ['submit', 'draft', 'review'],
          ['register', 'review', 'planning'],
          ['request_approval', 'planning', 'approval'],
          ['schedule', 'approval', 'scheduled'],
          ['start', 'scheduled', 'implementing'],
          ['complete', 'implementing', 'verifying'],
          ['close', 'verifying', 'closed'],
        ]);
        expect(
          (await history(path)).filter(e => e.action === 'approved'),
        ).toEqual([
          expect.objectContaining({
            actor: LUKAS,
            field: 'approval',
            from: PAYMENTS,
          }),
        ]);
      });

      it('cannot close a change flagged for a CMDB update until its catalog-update task is done', async () => {
        const { create, get, move, moveOk, patch, changeToScheduled } =
          await start();
        await create('changes', changeBody({ cmdbUpdate: true }));
        const path = '/changes/CHG-1';
        await changeToScheduled('CHG-1');
        await moveOk(path, 'implementing');
        await moveOk(path, 'verifying');
        await expectConflict(
          await move(path, 'closed', { outcome: 'successful' }),
          /catalog-update task is not done/,
        );
        await patch(path, {
          tasks: [
            {
              kind: 'cmdb_update',
              title: 'Update the catalog entity',
              done: false,
            },
          ],
        });
        await expectConflict(
          await move(path, 'closed', { outcome: 'successful' }),
          /catalog-update task is not done/,
        );
        await patch(path, {
          tasks: [
            { kind: 'other', title: 'Tell the DBAs', done: true },
            {
              kind: 'cmdb_update',
              title: 'Update the catalog entity',
              done: false,
            },
          ],
        });
        await expectConflict(
          await move(path, 'closed', { outcome: 'successful' }),
          /catalog-update task is not done/,
        );
        expect((await get(path)).state).toBe('verifying');
        await patch(path, {
          tasks: [
            {
              kind: 'cmdb_update',
              title: 'Update the catalog entity',
              done: true,
            },
          ],
        });
        await moveOk(path, 'closed', { outcome: 'successful' });
      });

      it('a rejection for planning sends the change back (approvals superseded, counted); a final rejection ends it', async () => {
        const { as, create, get, move, moveOk, reasons } = await start();
        await create('changes', changeBody());
        const path = '/changes/CHG-1';
        await moveOk(path, 'review');
        await moveOk(path, 'planning');
        await moveOk(path, 'approval');

        const noReason = await as(LUKAS).post('/changes/CHG-1/approvals', {
          decision: 'reject',
          rejection: 'planning',
        });
        expect(noReason.status).toBe(400);
        expect(noReason.body.error.message).toMatch(
          /reason: a rejection needs a reason/,
        );
        expect((await get(path)).state).toBe('approval');

        const back = await as(LUKAS).post('/changes/CHG-1/approvals', {
          decision: 'reject',
          rejection: 'planning',
          reason: 'the risk analysis ignores the batch jobs',
        });
        expect(back.status).toBe(200);
        expect(back.body).toMatchObject({
          state: 'planning',
          sendBackCount: 1,
        });
        const approvals = await as().get('/changes/CHG-1/approvals');
        expect(approvals.body.approvals).toEqual([
          expect.objectContaining({
            approverRef: PAYMENTS,
            decision: 'reject',
            superseded: true,
          }),
        ]);

        // A new round starts with nobody's decision.
        await moveOk(path, 'approval');
        expect(
          (await as().get('/changes/CHG-1/approvals')).body.pending,
        ).toEqual([PAYMENTS]);
        // The send-back transition needs a reason too.
        expect((await move(path, 'planning')).status).toBe(400);

        const rejected = await as(LUKAS).post('/changes/CHG-1/approvals', {
          decision: 'reject',
          rejection: 'final',
          reason: 'conflicts with the payments freeze',
        });
        expect(rejected.status).toBe(200);
        expect(rejected.body).toMatchObject({
          state: 'rejected',
          sendBackCount: 1,
        });
        await expectConflict(
          await move(path, 'planning', { reason: 'try again' }),
          /'rejected' is a final state/,
        );
        expect(await reasons(path)).toEqual([
          ['send_back', 'the risk analysis ignores the batch jobs'],
          ['reject', 'conflicts with the payments freeze'],
        ]);
        // A rejection that is not for planning ends it even without the kind.
        await create('changes', changeBody());
        await moveOk('/changes/CHG-2', 'review');
        await moveOk('/changes/CHG-2', 'planning');
        await moveOk('/changes/CHG-2', 'approval');
        expect((await move('/changes/CHG-2', 'rejected')).status).toBe(400);
        const direct = await as(LUKAS).post('/changes/CHG-2/approvals', {
          decision: 'reject',
          reason: 'no',
        });
        expect(direct.body.state).toBe('rejected');
      });

      it('rescheduling asks for approval again: approvals superseded, a new round', async () => {
        const { as, create, move, moveOk, approve, changeToScheduled } =
          await start();
        await create('changes', changeBody());
        await changeToScheduled('CHG-1');
        expect((await move('/changes/CHG-1', 'approval')).status).toBe(400);
        await moveOk('/changes/CHG-1', 'approval', {
          reason: 'window moved by a week',
        });
        const view = await as().get('/changes/CHG-1/approvals');
        expect(view.body.pending).toEqual([PAYMENTS]);
        expect(view.body.approvals).toEqual([
          expect.objectContaining({ superseded: true }),
        ]);
        expect((await approve('CHG-1', LUKAS)).body.state).toBe('scheduled');
      });

      it('rejects in review only with a reason, and cancels with a reason', async () => {
        const { create, move, moveOk, get } = await start();
        await create('changes', changeBody());
        await moveOk('/changes/CHG-1', 'review');
        expect((await move('/changes/CHG-1', 'rejected')).status).toBe(400);
        await moveOk('/changes/CHG-1', 'rejected', {
          reason: 'change management not required',
        });
        await create('changes', changeBody());
        expect((await move('/changes/CHG-2', 'cancelled')).status).toBe(400);
        expect((await get('/changes/CHG-2')).state).toBe('draft');
        await moveOk('/changes/CHG-2', 'cancelled', {
          reason: 'duplicate of CHG-1',
        });
      });
    });

    // -----------------------------------------------------------------------
    describe('standard change', () => {
      it('needs a known template from config', async () => {
        const { as } = await start({ config: STANDARD_TEMPLATES });
        const unknown = await as().post(
          '/changes',
          changeBody({ changeType: 'standard', template: 'nope' }),
        );
        expect(unknown.status).toBe(400);
        expect(unknown.body.error.message).toMatch(
          /unknown standard change template "nope"; known: cert, dbparam/,
        );
        const none = await as().post(
          '/changes',
          changeBody({ changeType: 'standard' }),
        );
        expect(none.status).toBe(400);
        const normalWithTemplate = await as().post(
          '/changes',
          changeBody({ template: 'cert' }),
        );
        expect(normalWithTemplate.status).toBe(400);
        expect((await as().get('/changes')).body.totalCount).toBe(0);
      });

      it('goes from planning to scheduled without approval when its template skips approval', async () => {
        const { as, create, move, moveOk, stateMoves } = await start({
          config: STANDARD_TEMPLATES,
        });
        await create(
          'changes',
          changeBody({
            changeType: 'standard',
            template: 'cert',
            title: 'Rotate payments certs',
          }),
        );
        const path = '/changes/CHG-1';
        await moveOk(path, 'review');
        // Standard changes follow their template: no release, no rejection in review.
        await expectConflict(
          await move(path, 'in_release'),
          /standard changes follow their template/,
        );
        await expectConflict(
          await move(path, 'rejected', { reason: 'no' }),
          /standard changes follow their template/,
        );
        await moveOk(path, 'planning');
        await moveOk(path, 'scheduled');
        expect((await as().get(`${path}/approvals`)).body.approvals).toEqual(
          [],
        );
        await moveOk(path, 'implementing');
        await moveOk(path, 'verifying');
        await moveOk(path, 'closed', { outcome: 'successful' });
        expect(await stateMoves(path)).toEqual([
          ['submit', 'draft', 'review'],
          ['register', 'review', 'planning'],
          ['schedule', 'planning', 'scheduled'],
          ['start', 'scheduled', 'implementing'],
          ['complete', 'implementing', 'verifying'],
          ['close', 'verifying', 'closed'],
        ]);
      });

      it('is not pre-approved when its template requires approval, nor when it is a normal change, nor without a plan', async () => {
        const { create, move, moveOk, get } = await start({
          config: STANDARD_TEMPLATES,
        });
        await create(
          'changes',
          changeBody({ changeType: 'standard', template: 'dbparam' }),
        );
        await moveOk('/changes/CHG-1', 'review');
        await moveOk('/changes/CHG-1', 'planning');
        await expectConflict(
          await move('/changes/CHG-1', 'scheduled'),
          /template "dbparam" requires approval/,
        );
        // It goes through approval like any change.
        await moveOk('/changes/CHG-1', 'approval');

        await create('changes', changeBody());
        await moveOk('/changes/CHG-2', 'review');
        await moveOk('/changes/CHG-2', 'planning');
        await expectConflict(
          await move('/changes/CHG-2', 'scheduled'),
          /only standard changes skip approval/,
        );

        await create(
          'changes',
          changeBody({
            changeType: 'standard',
            template: 'cert',
            backoutPlan: undefined,
          }),
        );
        await moveOk('/changes/CHG-3', 'review');
        await moveOk('/changes/CHG-3', 'planning');
        await expectConflict(
          await move('/changes/CHG-3', 'scheduled'),
          /missing backoutPlan/,
        );
        expect((await get('/changes/CHG-3')).state).toBe('planning');
      });
    });

    // -----------------------------------------------------------------------
    describe('emergency change', () => {
      it('must name the incident it fixes, and is created linked to it', async () => {
        const { as, create, linkKeys } = await start();
        const none = await as().post(
          '/changes',
          changeBody({ changeType: 'emergency' }),
        );
        expect(none.status).toBe(400);
        expect(none.body.error.message).toMatch(
          /incidentKey: an emergency change must name the incident it fixes/,
        );
        const unknown = await as().post(
          '/changes',
          changeBody({ changeType: 'emergency', incidentKey: 'INC-7' }),
        );
        expect(unknown.status).toBe(400);
        expect(unknown.body.error.message).toMatch(/incidentKey/);
        expect((await as().get('/changes')).body.totalCount).toBe(0);

        await create('incidents', incidentBody());
        const chg = await create(
          'changes',
          changeBody({ changeType: 'emergency', incidentKey: 'INC-1' }),
          SOFIA,
        );
        expect(chg).toMatchObject({
          key: 'CHG-1',
          state: 'draft',
          changeType: 'emergency',
          incidentKey: 'INC-1',
        });
        expect(await linkKeys('/changes/CHG-1')).toEqual(['INC-1']);
        expect(await linkKeys('/incidents/INC-1')).toEqual(['CHG-1']);
      });

      it('is implemented first, only on the order of the service owner, and closes after retroactive registration and approval', async () => {
        const { create, get, move, moveOk, patch, approve, stateMoves } =
          await start();
        await create('incidents', incidentBody(), SOFIA);
        await create(
          'changes',
          {
            title: 'Hotfix the payments pool',
            entityRefs: ['component:default/payments-api'],
            changeType: 'emergency',
            incidentKey: 'INC-1',
          },
          SOFIA,
        );
        const path = '/changes/CHG-1';
        // Not through review: emergencies are implemented first.
        await expectConflict(
          await move(path, 'review', {}, LUKAS),
          /emergency changes are implemented first/,
        );
        // Only the service owner (payments-team) orders it.
        await expectConflict(
          await move(path, 'implementing', {}, SOFIA),
          /only the service owner .* may order an emergency change/,
        );
        await expectConflict(
          await move(path, 'implementing', {}, INES),
          /only the service owner/,
        );
        await expectConflict(
          await move(path, 'implementing', {}, OUTSIDER),
          /only the service owner/,
        );
        expect((await get(path)).state).toBe('draft');
        // Retroactive approval is given only once it is implementing.
        expect((await approve('CHG-1', LUKAS)).status).toBe(409);

        await moveOk(path, 'implementing', {}, LUKAS);
        await moveOk(path, 'verifying', {}, LUKAS);
        await expectConflict(
          await move(path, 'closed', { outcome: 'successful' }, LUKAS),
          /register the emergency change retroactively \(implementation plan\)/,
        );
        expect(
          (
            await patch(
              path,
              {
                implementationPlan: 'raised pool size to 50',
                testPlan: 'load test',
                backoutPlan: 'revert',
              },
              SOFIA,
            )
          ).status,
        ).toBe(200);
        await expectConflict(
          await move(path, 'closed', { outcome: 'successful' }, LUKAS),
          /still needs the retroactive approval of group:default\/payments-team/,
        );
        // The requester cannot approve, nor can someone outside the owner group.
        expect((await approve('CHG-1', SOFIA)).status).toBe(403);
        expect((await approve('CHG-1', INES)).status).toBe(403);
        const approved = await approve('CHG-1', AMARA);
        expect(approved.status).toBe(200);
        expect(approved.body.state).toBe('verifying');

        const closed = await moveOk(
          path,
          'closed',
          { outcome: 'successful' },
          LUKAS,
        );
        expect(closed.outcome).toBe('successful');
        expect(await stateMoves(path)).toEqual([
          ['implement_emergency', 'draft', 'implementing'],
          ['complete', 'implementing', 'verifying'],
          ['close', 'verifying', 'closed'],
        ]);
        // The incident it fixed now passes the change gate.
        await moveOk(
          '/incidents/INC-1',
          'resolved',
          {
            resolutionCode: 'fixed',
            changeGate: { disruptsService: true },
          },
          SOFIA,
        );
      });

      it('is approved retroactively while implementing too', async () => {
        const { create, moveOk, approve } = await start();
        await create('incidents', incidentBody());
        await create(
          'changes',
          changeBody({ changeType: 'emergency', incidentKey: 'INC-1' }),
          SOFIA,
        );
        await moveOk('/changes/CHG-1', 'implementing', {}, LUKAS);
        const approved = await approve('CHG-1', LUKAS);
        expect(approved.status).toBe(200);
        expect(approved.body.state).toBe('implementing');
        await moveOk('/changes/CHG-1', 'verifying', {}, LUKAS);
        await moveOk(
          '/changes/CHG-1',
          'closed',
          { outcome: 'backed_out' },
          LUKAS,
        );
      });

      it('must stay linked to its incident to be implemented', async () => {
        const { as, create, move } = await start();
        await create('incidents', incidentBody());
        await create(
          'changes',
          changeBody({ changeType: 'emergency', incidentKey: 'INC-1' }),
          SOFIA,
        );
        expect((await as().delete('/changes/CHG-1/links/INC-1')).status).toBe(
          204,
        );
        await expectConflict(
          await move('/changes/CHG-1', 'implementing', {}, LUKAS),
          /must be linked to the incident it fixes/,
        );
      });

      it('may be ordered by the on-duty manager', async () => {
        const { create, move, moveOk } = await start({
          config: { roles: { onDutyManager: 'group:default/platform-team' } },
        });
        await create('incidents', incidentBody());
        await create(
          'changes',
          changeBody({ changeType: 'emergency', incidentKey: 'INC-1' }),
          SOFIA,
        );
        await expectConflict(
          await move('/changes/CHG-1', 'implementing', {}, SOFIA),
          /on-duty manager/,
        );
        await moveOk('/changes/CHG-1', 'implementing', {}, INES);
      });

      it('is not an emergency path for normal changes', async () => {
        const { create, move } = await start();
        await create('changes', changeBody());
        await expectConflict(
          await move('/changes/CHG-1', 'implementing', {}, LUKAS),
          /only emergency changes take this path/,
        );
      });
    });

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
          (await as().post('/releases/REL-1/links', { target: 'CHG-1' }))
            .status,
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
        expect(
          (await as().get('/releases?state=backlog')).body.totalCount,
        ).toBe(0);

        // A change added during the review keeps the release open.
        await create('changes', changeBody({ title: 'Late fix' }));
        await as().post('/releases/REL-1/links', { target: 'CHG-3' });
        await expectConflict(
          await move(path, 'closed'),
          /change CHG-3 is still open/,
        );
        await moveOk('/changes/CHG-3', 'cancelled', {
          reason: 'moved to next release',
        });
        await moveOk(path, 'closed');
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
        await moveOk(
          path,
          'defined',
          { reason: 'cost estimate missing' },
          LUKAS,
        );
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
        // The CAB includes CHG-1 in REL-2 and CHG-2 in REL-3.
        await create('releases', releaseBody());
        await create('releases', releaseBody({ title: 'Payments 2027.01' }));
        expect((await as().delete('/changes/CHG-1/links/REL-1')).status).toBe(
          204,
        );
        expect((await as().delete('/changes/CHG-2/links/REL-1')).status).toBe(
          204,
        );
        expect(
          (await as().post('/releases/REL-2/links', { target: 'CHG-1' }))
            .status,
        ).toBe(201);
        expect(
          (await as().post('/releases/REL-3/links', { target: 'CHG-2' }))
            .status,
        ).toBe(201);
        expect(await linkKeys('/releases/REL-1')).toEqual([]);

        await moveOk('/releases/REL-2', 'cancelled', {
          reason: 'merged into the next release',
        });
        expect(await linkKeys('/changes/CHG-1')).toEqual(['REL-1']);
        expect(await linkKeys('/releases/REL-2')).toEqual([]);

        await moveOk('/releases/REL-3', 'justification');
        await moveOk(
          '/releases/REL-3',
          'cancelled',
          { reason: 'no budget' },
          LUKAS,
        );
        expect(await linkKeys('/changes/CHG-2')).toEqual(['REL-1']);
        expect(await linkKeys('/releases/REL-1')).toEqual(['CHG-1', 'CHG-2']);
        expect(
          (await as().get('/releases?state=backlog')).body.totalCount,
        ).toBe(1);
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
        expect(
          (await as().get('/releases?state=backlog')).body.totalCount,
        ).toBe(1);

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
    });

    // -----------------------------------------------------------------------
    describe('SLA', () => {
      it('needs existing customer and service owner groups', async () => {
        const { as } = await start();
        const badCustomer = await as().post(
          '/slas',
          slaBody({ customerGroup: 'group:default/ghosts' }),
        );
        expect(badCustomer.status).toBe(400);
        const badOwner = await as().post(
          '/slas',
          slaBody({ serviceOwnerGroup: 'group:default/nobody' }),
        );
        expect(badOwner.status).toBe(400);
        expect(badOwner.body.error.message).toMatch(/group:default\/nobody/);
        const notGroup = await as().post(
          '/slas',
          slaBody({ customerGroup: 'user:default/sofia' }),
        );
        expect(notGroup.status).toBe(400);
        expect((await as().get('/slas')).body.totalCount).toBe(0);
      });

      it('activates only with both signatures, each by a member of its group', async () => {
        const { as, create, get, move, moveOk, stateMoves } = await start();
        await create('slas', slaBody());
        const path = '/slas/SLA-1';
        await expectConflict(
          await move(path, 'active'),
          /needs the signature of the customer representative and the service owner/,
        );
        const wrongCustomer = await as(LUKAS).post(`${path}/signatures`, {
          role: 'customer',
        });
        expect(wrongCustomer.status).toBe(403);
        expect(
          (await as(INES).post(`${path}/signatures`, { role: 'customer' }))
            .status,
        ).toBe(403);
        const customer = await as(SOFIA).post(`${path}/signatures`, {
          role: 'customer',
        });
        expect(customer.status).toBe(200);
        expect(customer.body.signatures.customer).toMatchObject({ by: SOFIA });

        await expectConflict(
          await move(path, 'active'),
          /needs the signature of the service owner/,
        );
        expect(
          (await as(SOFIA).post(`${path}/signatures`, { role: 'serviceOwner' }))
            .status,
        ).toBe(403);
        expect(
          (
            await as(OUTSIDER).post(`${path}/signatures`, {
              role: 'serviceOwner',
            })
          ).status,
        ).toBe(403);
        const owner = await as(LUKAS).post(`${path}/signatures`, {
          role: 'serviceOwner',
        });
        expect(owner.status).toBe(200);
        expect(owner.body.signatures).toMatchObject({
          customer: { by: SOFIA },
          serviceOwner: { by: LUKAS },
        });

        await moveOk(path, 'active');
        const late = await as(SOFIA).post(`${path}/signatures`, {
          role: 'customer',
        });
        expect(late.status).toBe(409);
        expect(late.body.error.message).toMatch(/only a draft SLA is signed/);
        expect(await stateMoves(path)).toEqual([
          ['activate', 'draft', 'active'],
        ]);
        expect((await get(path)).state).toBe('active');
      });

      it('terminates with a reason and names the entities no other active SLA covers', async () => {
        const { as, create, get, move, moveOk, reasons } = await start();
        const activate = async (key: string) => {
          await as(SOFIA).post(`/slas/${key}/signatures`, { role: 'customer' });
          await as(LUKAS).post(`/slas/${key}/signatures`, {
            role: 'serviceOwner',
          });
          await moveOk(`/slas/${key}`, 'active');
        };
        await create(
          'slas',
          slaBody({
            entityRefs: [
              'component:default/payments-api',
              'resource:default/payments-db',
            ],
          }),
        );
        await create(
          'slas',
          slaBody({
            title: 'Database for the storefront',
            entityRefs: ['resource:default/payments-db'],
          }),
        );
        await create(
          'slas',
          slaBody({
            title: 'Draft only',
            entityRefs: ['component:default/payments-api'],
          }),
        );
        await activate('SLA-1');
        await activate('SLA-2');

        expect((await move('/slas/SLA-1', 'terminated')).status).toBe(400);
        expect((await get('/slas/SLA-1')).state).toBe('active');
        const terminated = await moveOk('/slas/SLA-1', 'terminated', {
          reason: 'service replaced',
        });
        expect(terminated).toMatchObject({
          terminationReason: 'service replaced',
          discontinuedEntityRefs: ['component:default/payments-api'],
        });
        expect(await reasons('/slas/SLA-1')).toEqual([
          ['terminate', 'service replaced'],
        ]);

        const last = await moveOk('/slas/SLA-2', 'terminated', {
          reason: 'customer left',
        });
        expect(last.discontinuedEntityRefs).toEqual([
          'resource:default/payments-db',
        ]);
      });

      it('declines a draft only with a reason', async () => {
        const { create, get, move, moveOk } = await start();
        await create('slas', slaBody());
        expect((await move('/slas/SLA-1', 'declined')).status).toBe(400);
        expect((await get('/slas/SLA-1')).state).toBe('draft');
        const declined = await moveOk('/slas/SLA-1', 'declined', {
          reason: 'targets too tight',
        });
        expect(declined.declineReason).toBe('targets too tight');
        await expectConflict(
          await move('/slas/SLA-1', 'active'),
          /'declined' is a final state/,
        );
      });

      it('keeps the previous targets of an active SLA as a version', async () => {
        const { as, create, get, moveOk, patch } = await start();
        const original = slaBody().targets;
        await create('slas', slaBody());
        // A draft is edited in place.
        expect(
          (
            await patch('/slas/SLA-1', {
              targets: { ...original, availabilityPercent: 99.5 },
            })
          ).status,
        ).toBe(200);
        expect((await get('/slas/SLA-1')).targetHistory).toEqual([]);
        await as(SOFIA).post('/slas/SLA-1/signatures', { role: 'customer' });
        await as(LUKAS).post('/slas/SLA-1/signatures', {
          role: 'serviceOwner',
        });
        const active = await moveOk('/slas/SLA-1', 'active');

        const changed = await patch('/slas/SLA-1', {
          targets: { ...original, availabilityPercent: 99.95 },
        });
        expect(changed.status).toBe(200);
        expect(changed.body.targets.availabilityPercent).toBe(99.95);
        expect(changed.body.targetHistory).toEqual([
          expect.objectContaining({
            targets: expect.objectContaining({ availabilityPercent: 99.5 }),
            validFrom: active.stateChangedAt,
            validTo: changed.body.updatedAt,
          }),
        ]);
        const again = await patch('/slas/SLA-1', {
          targets: { ...original, availabilityPercent: 99.99 },
        });
        expect(again.body.targetHistory).toHaveLength(2);
        expect(again.body.targetHistory[1]).toMatchObject({
          targets: expect.objectContaining({ availabilityPercent: 99.95 }),
          validFrom: changed.body.updatedAt,
        });
      });
    });

    // -----------------------------------------------------------------------
    describe('history', () => {
      it('shows one entry per transition with its action, from and to, and every reason', async () => {
        const { create, moveOk, history } = await start();
        await create('incidents', incidentBody());
        const path = '/incidents/INC-1';
        await moveOk(path, 'assigned');
        await moveOk(path, 'new', { reason: 'wrong group' }, LUKAS);
        await moveOk(path, 'assigned', { assignedGroup: PAYMENTS });
        await moveOk(path, 'in_progress', {}, LUKAS);
        await moveOk(
          path,
          'pending',
          { reason: 'waiting for the bank' },
          LUKAS,
        );
        await moveOk(path, 'in_progress', {}, LUKAS);
        await moveOk(path, 'resolved', { resolutionCode: 'fixed' }, LUKAS);
        await moveOk(path, 'assigned', { reason: 'not fixed' }, SOFIA);
        await moveOk(path, 'cancelled', { reason: 'duplicate of INC-9' });

        const items = await history(path);
        expect(items[0]).toMatchObject({ action: 'created', actor: AMARA });
        const moves = items.filter(e => e.field === 'state');
        expect(moves.map(e => [e.actor, e.action, e.from, e.to])).toEqual([
          [AMARA, 'assign', 'new', 'assigned'],
          [LUKAS, 'send_back', 'assigned', 'new'],
          [AMARA, 'assign', 'new', 'assigned'],
          [LUKAS, 'start', 'assigned', 'in_progress'],
          [LUKAS, 'pend', 'in_progress', 'pending'],
          [LUKAS, 'resume', 'pending', 'in_progress'],
          [LUKAS, 'resolve', 'in_progress', 'resolved'],
          [SOFIA, 'reopen', 'resolved', 'assigned'],
          [AMARA, 'cancel', 'assigned', 'cancelled'],
        ]);
        expect(
          items
            .filter(e => e.field === 'reason')
            .map(e => [e.actor, e.action, e.to]),
        ).toEqual([
          [LUKAS, 'send_back', 'wrong group'],
          [LUKAS, 'pend', 'waiting for the bank'],
          [SOFIA, 'reopen', 'not fixed'],
          [AMARA, 'cancel', 'duplicate of INC-9'],
        ]);
        // The effects are in the history too, under the action that caused them.
        expect(items).toEqual(
          expect.arrayContaining([
            expect.objectContaining({
              action: 'send_back',
              field: 'sendBackCount',
              from: 0,
              to: 1,
            }),
            expect.objectContaining({
              action: 'send_back',
              field: 'assignedGroup',
              from: PAYMENTS,
              to: null,
            }),
            expect.objectContaining({
              action: 'start',
              field: 'assignee',
              from: null,
              to: LUKAS,
            }),
            expect.objectContaining({
              action: 'reopen',
              field: 'reopenCount',
              from: 0,
              to: 1,
            }),
          ]),
        );
      });

      it('records the RFC raised for a known error on both records', async () => {
        const { create, moveOk, history } = await start();
        await create('problems', {
          title: 'Leak',
          entityRefs: ['component:default/payments-api'],
        });
        await moveOk('/problems/PRB-1', 'under_investigation');
        await moveOk('/problems/PRB-1', 'root_cause_known', {
          rootCause: 'unclosed cursors',
        });
        await moveOk('/problems/PRB-1', 'known_error');
        expect(await history('/problems/PRB-1')).toEqual(
          expect.arrayContaining([
            expect.objectContaining({
              action: 'raised-rfc',
              field: 'change',
              to: 'CHG-1',
            }),
            expect.objectContaining({
              action: 'record_root_cause',
              field: 'rootCause',
              to: 'unclosed cursors',
            }),
          ]),
        );
        expect((await history('/changes/CHG-1'))[0]).toMatchObject({
          action: 'created',
          to: expect.objectContaining({ state: 'draft', from: 'PRB-1' }),
        });
      });
    });
  },
);
