import { TestDatabases } from '@backstage/backend-test-utils';
import { demoCatalog } from '../__testUtils__/catalogRelations';
import { startItsm } from '../__testUtils__/itsmTestBackend';

jest.setTimeout(60_000);

const workday = [{ start: '08:00', end: '18:00' }];
/** The calendars the demo portal configures. */
const CALENDARS = {
  'business-hours-eu': {
    kind: 'business-hours',
    timeZone: 'Europe/Berlin',
    weeklyHours: {
      mon: workday,
      tue: workday,
      wed: workday,
      thu: workday,
      fri: workday,
    },
    holidays: ['2026-12-25'],
  },
};

const FREEZE = {
  id: 'year-end',
  title: 'Year-end freeze',
  start: '2026-12-20T00:00:00Z',
  end: '2027-01-04T00:00:00Z',
  scope: { kind: 'domain', entityRef: 'domain:default/commerce' },
};

const people = {
  amara: 'user:default/amara', // payments-team
  sofia: 'user:default/sofia', // storefront-team
  ines: 'user:default/ines', // platform-team
};

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

/** A planned normal RFC against the ledger database. */
const rfc = (overrides: Record<string, unknown> = {}) => ({
  title: 'Upgrade ledger-db to PostgreSQL 16',
  entityRefs: ['resource:default/ledger-db'],
  changeType: 'normal',
  plannedStart: '2026-12-02T10:00:00Z', // a Wednesday, 11:00 in Berlin
  plannedEnd: '2026-12-02T12:00:00Z',
  implementationPlan: 'pg_upgrade on the replica, fail over',
  testPlan: 'reconciliation suite',
  backoutPlan: 'fail back',
  serviceImpact: 'degraded',
  ...overrides,
});

describe.each(databases.eachSupportedId())(
  'CMDB change management on %s',
  databaseId => {
    const start = (config: Record<string, unknown> = {}) =>
      startItsm({
        databaseId,
        databases,
        entities: demoCatalog(),
        config: {
          calendars: CALENDARS,
          freezeWindows: [FREEZE],
          roles: { changeManager: 'group:default/platform-team' },
          ...config,
        },
      });

    it('shows who is affected, who must approve, what it collides with and why its risk is what it is', async () => {
      const { as } = await start();
      // Storefront is the customer of the payments API under an active SLA.
      const sla = await as(people.amara).post('/slas', {
        title: 'Card payments for the Storefront',
        entityRefs: ['component:default/payments-api'],
        customerGroup: 'group:default/storefront-team',
        serviceOwnerGroup: 'group:default/payments-team',
        targets: {
          availabilityPercent: 99.9,
          responseMinutes: { P1: 15, P2: 30, P3: 240, P4: 480 },
          resolutionMinutes: { P1: 240, P2: 480, P3: 2880, P4: 7200 },
        },
      });
      expect(sla.status).toBe(201);
      await as(people.amara).post('/slas/SLA-1/signatures', {
        role: 'serviceOwner',
      });
      await as(people.sofia).post('/slas/SLA-1/signatures', {
        role: 'customer',
      });
      await as(people.amara).post('/slas/SLA-1/transitions', {
        to: 'active',
        version: 3,
      });

      // An earlier change on the payments API, overlapping the window by a minute.
      await as(people.amara).post(
        '/changes',
        rfc({
          title: 'Roll payments-api pods',
          entityRefs: ['component:default/payments-api'],
          plannedStart: '2026-12-02T11:59:00Z',
          plannedEnd: '2026-12-02T13:00:00Z',
        }),
      );
      await as(people.amara).post('/changes/CHG-1/transitions', {
        to: 'review',
        version: 1,
      });
      // An incident the earlier change caused.
      await as(people.sofia).post('/incidents', {
        title: 'Refunds failed after the last ledger change',
        entityRefs: ['resource:default/ledger-db'],
        impact: 'medium',
        urgency: 'medium',
        causedByChange: 'CHG-1',
      });

      const filed = await as(people.ines).post('/changes', rfc());
      expect(filed.status).toBe(201);
      const { body } = await as(people.ines).get(`/changes/${filed.body.key}`);
      const a = body.assessment;

      const affected = a.impact.affected.map(
        (e: { entityRef: string }) => e.entityRef,
      );
      expect(affected).toEqual(
        expect.arrayContaining([
          'component:default/ledger-service',
          'component:default/payments-api',
          'component:default/reporting-service',
          'component:default/checkout-web',
          'system:default/payments',
        ]),
      );
      expect(a.impact.slas).toEqual([
        expect.objectContaining({ key: 'SLA-1' }),
      ]);
      expect(a.serviceHoursImpact).toBe(true);
      expect(a.customerAffecting).toBe(true);

      const approvers = a.approvers.map(
        (x: { approverRef: string }) => x.approverRef,
      );
      // The SLA's customer, and the owners of dependents no SLA covers.
      expect(approvers).toEqual(
        expect.arrayContaining([
          'group:default/storefront-team',
          'group:default/data-team',
          'group:default/payments-team',
        ]),
      );
      expect(
        a.approvers.find(
          (x: { approverRef: string }) =>
            x.approverRef === 'group:default/storefront-team',
        ).reason,
      ).toMatch(/customer of SLA-1/);

      expect(a.conflicts).toEqual([
        expect.objectContaining({
          changeKey: 'CHG-1',
          entityRefs: ['component:default/payments-api'],
        }),
      ]);
      expect(a.incidentHistory).toEqual([
        expect.objectContaining({ key: 'INC-1', causedByChange: 'CHG-1' }),
      ]);
      expect(a.freezeWindows).toEqual([]);

      const points = Object.fromEntries(
        a.risk.factors.map((f: { factor: string; points: number }) => [
          f.factor,
          f.points,
        ]),
      );
      expect(points).toEqual({
        blastRadius: 3,
        slaCovered: 2,
        serviceHoursImpact: 2,
        serviceImpact: 1,
        history: 1,
        changeType: 1,
        conflicts: 1,
        freeze: 0,
      });
      expect(a.risk).toMatchObject({ score: 11, level: 'very high' });
      expect(
        a.risk.factors.every((f: { detail: string }) => f.detail.length > 0),
      ).toBe(true);

      // The risk is computed, never typed in.
      const typed = await as(people.ines).patch(`/changes/${filed.body.key}`, {
        version: 1,
        risk: 'low',
      });
      expect(typed.status).toBe(400);
    });

    it('asks only the service owner when customers are not affected', async () => {
      const { as } = await start();
      // Outside service hours of a business-hours service: Saturday.
      const weekend = await as(people.ines).post(
        '/changes',
        rfc({
          entityRefs: ['component:default/reporting-service'],
          plannedStart: '2026-12-05T10:00:00Z',
          plannedEnd: '2026-12-05T11:00:00Z',
        }),
      );
      expect(weekend.body.assessment.serviceHoursImpact).toBe(false);
      expect(weekend.body.assessment.approvers).toEqual([
        expect.objectContaining({
          approverRef: 'group:default/data-team',
          reason: expect.stringMatching(/service owner/),
        }),
      ]);
      // Same window, no service impact, no functional change: still the owner.
      const quiet = await as(people.ines).post(
        '/changes',
        rfc({ serviceImpact: 'none' }),
      );
      expect(quiet.body.assessment.customerAffecting).toBe(false);
      expect(
        quiet.body.assessment.approvers.map(
          (x: { approverRef: string }) => x.approverRef,
        ),
      ).toEqual(['group:default/payments-team']);
      // A functional change affects customers even without downtime.
      const functional = await as(people.ines).post(
        '/changes',
        rfc({ serviceImpact: 'none', functionalChange: true }),
      );
      expect(functional.body.assessment.customerAffecting).toBe(true);
      expect(functional.body.assessment.approvers.length).toBeGreaterThan(1);
    });

    it('requires every derived approval before implementation, by any member, with quorum', async () => {
      const { as } = await start({
        approvals: {
          quorum: [{ group: 'group:default/payments-team', members: 2 }],
        },
      });
      const filed = await as(people.ines).post(
        '/changes',
        rfc({ serviceImpact: 'none' }),
      );
      const key = filed.body.key;
      let version = filed.body.version;
      for (const to of ['review', 'planning', 'approval']) {
        const res = await as(people.ines).post(`/changes/${key}/transitions`, {
          to,
          version,
        });
        expect(res.status).toBe(200);
        version = res.body.version;
      }
      const early = await as(people.ines).post(`/changes/${key}/transitions`, {
        to: 'scheduled',
        version,
      });
      expect(early.status).toBe(409);
      expect(early.body.error.message).toMatch(
        /approval still required from group:default\/payments-team/,
      );

      expect(
        (
          await as(people.amara).post(`/changes/${key}/approvals`, {
            decision: 'approve',
          })
        ).status,
      ).toBe(200);
      // The same member cannot count twice towards the quorum.
      expect(
        (
          await as(people.amara).post(`/changes/${key}/approvals`, {
            decision: 'approve',
          })
        ).status,
      ).toBe(403);
      const pending = await as(people.ines).get(`/changes/${key}/approvals`);
      expect(pending.body.pending).toEqual(['group:default/payments-team']);
      const second = await as('user:default/lukas').post(
        `/changes/${key}/approvals`,
        { decision: 'approve' },
      );
      expect(second.status).toBe(200);
      expect(second.body.state).toBe('scheduled');
    });

    it('finds freeze windows at their edges; refuses standard changes in them and asks for an exception otherwise', async () => {
      const { as } = await start({
        changes: {
          standardTemplates: [
            { id: 'cert', title: 'Rotate certificates', skipApproval: true },
          ],
        },
      });
      const touching = await as(people.ines).post(
        '/changes',
        rfc({
          plannedStart: '2026-12-19T22:00:00Z',
          plannedEnd: '2026-12-20T00:00:00Z',
        }),
      );
      expect(touching.body.assessment.freezeWindows).toEqual([]);
      const inside = await as(people.ines).post(
        '/changes',
        rfc({
          plannedStart: '2026-12-19T23:00:00Z',
          plannedEnd: '2026-12-20T00:01:00Z',
        }),
      );
      expect(inside.body.assessment.freezeWindows).toEqual([
        expect.objectContaining({ id: 'year-end' }),
      ]);
      expect(inside.body.assessment.approvers).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            approverRef: 'group:default/platform-team',
            reason: expect.stringMatching(
              /exception to freeze window Year-end freeze/,
            ),
          }),
        ]),
      );
      // The domain scope does not cover other domains.
      const platform = await as(people.ines).post(
        '/changes',
        rfc({
          entityRefs: ['component:default/identity-service'],
          plannedStart: '2026-12-22T10:00:00Z',
          plannedEnd: '2026-12-22T11:00:00Z',
        }),
      );
      expect(platform.body.assessment.freezeWindows).toEqual([]);

      const standard = await as(people.ines).post(
        '/changes',
        rfc({
          changeType: 'standard',
          template: 'cert',
          plannedStart: '2026-12-22T10:00:00Z',
          plannedEnd: '2026-12-22T11:00:00Z',
        }),
      );
      let version = standard.body.version;
      for (const to of ['review', 'planning']) {
        version = (
          await as(people.ines).post(
            `/changes/${standard.body.key}/transitions`,
            { to, version },
          )
        ).body.version;
      }
      const refused = await as(people.ines).post(
        `/changes/${standard.body.key}/transitions`,
        { to: 'scheduled', version },
      );
      expect(refused.status).toBe(409);
      expect(refused.body.error.message).toMatch(
        /freeze window Year-end freeze/,
      );
      // Moved out of the freeze, it is scheduled without approval.
      const moved = await as(people.ines).patch(
        `/changes/${standard.body.key}`,
        {
          version,
          plannedStart: '2027-01-05T10:00:00Z',
          plannedEnd: '2027-01-05T11:00:00Z',
        },
      );
      const ok = await as(people.ines).post(
        `/changes/${standard.body.key}/transitions`,
        {
          to: 'scheduled',
          version: moved.body.version,
        },
      );
      expect(ok.status).toBe(200);
    });

    it('manages freeze windows through the API and shows the change calendar with conflicts', async () => {
      const { as } = await start();
      const bad = await as(people.ines).post('/freeze-windows', {
        title: 'Black Friday',
        reason: 'peak',
        start: '2026-11-27T00:00:00Z',
        end: '2026-11-26T00:00:00Z',
        scope: { kind: 'all' },
      });
      expect(bad.status).toBe(400);
      expect(bad.body.error.message).toMatch(/^end: end must be after start/);
      const created = await as(people.ines).post('/freeze-windows', {
        title: 'Black Friday',
        reason: 'peak trading',
        start: '2026-11-27T00:00:00Z',
        end: '2026-11-30T00:00:00Z',
        scope: { kind: 'system', entityRef: 'system:default/storefront' },
      });
      expect(created.status).toBe(201);
      const list = await as(people.ines).get(
        '/freeze-windows?from=2026-11-01T00:00:00Z&to=2027-02-01T00:00:00Z',
      );
      expect(list.body.items.map((w: { title: string }) => w.title)).toEqual([
        'Black Friday',
        'Year-end freeze',
      ]);
      expect(
        (await as(people.ines).delete('/freeze-windows/year-end')).status,
      ).toBe(409);

      await as(people.ines).post('/changes', rfc());
      await as(people.ines).post('/changes/CHG-1/transitions', {
        to: 'review',
        version: 1,
      });
      await as(people.ines).post(
        '/changes',
        rfc({
          entityRefs: ['component:default/payments-api'],
          plannedStart: '2026-12-02T11:00:00Z',
          plannedEnd: '2026-12-02T11:30:00Z',
        }),
      );
      const calendar = await as(people.ines).get(
        '/calendar?from=2026-12-01&to=2026-12-31',
      );
      expect(calendar.status).toBe(200);
      const byKey = Object.fromEntries(
        calendar.body.changes.map((c: { key: string; conflicts: string[] }) => [
          c.key,
          c.conflicts,
        ]),
      );
      expect(byKey).toEqual({ 'CHG-1': ['CHG-2'], 'CHG-2': ['CHG-1'] });
      expect(
        calendar.body.freezeWindows.map((w: { id: string }) => w.id),
      ).toEqual(['year-end']);
      expect(
        (await as(people.ines).get('/calendar?from=2026-12-31&to=2026-12-01'))
          .status,
      ).toBe(400);
      expect(
        (
          await as(people.ines).get(
            '/impact?entityRef=resource:default/ledger-db',
          )
        ).body.direct[0].entityRef,
      ).toBe('resource:default/ledger-db');
      expect(
        (await as(people.ines).get('/impact?entityRef=component:default/ghost'))
          .status,
      ).toBe(400);
      expect(
        (await as(people.ines).delete(`/freeze-windows/${created.body.id}`))
          .status,
      ).toBe(204);
    });
  },
);
