import {
  AMARA,
  demoCatalog,
  DEMO_CALENDARS,
  INES,
  PLATFORM,
  SOFIA,
  YEAR_END_FREEZE,
} from '../__testUtils__/fixtures';
import {
  ITSM_TEST_DATABASES,
  useItsmTestDatabase,
} from '../__testUtils__/itsmTestDatabase';
import { suiteBackends } from '../__testUtils__/suiteBackends';

jest.setTimeout(60_000);

/** The demo organisation (examples/demo-catalog.yaml). */
const entities = demoCatalog();

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

describe.each(ITSM_TEST_DATABASES)(
  'CMDB change management on %s',
  databaseId => {
    const backends = suiteBackends(useItsmTestDatabase(databaseId));
    const start = (config: Record<string, unknown> = {}) =>
      backends({
        entities,
        config: {
          calendars: DEMO_CALENDARS,
          freezeWindows: [YEAR_END_FREEZE],
          roles: { changeManager: PLATFORM },
          ...config,
        },
      });

    it('shows who is affected, who must approve, what it collides with and why its risk is what it is', async () => {
      const { as } = await start();
      // Storefront is the customer of the payments API under an active SLA.
      const sla = await as(AMARA).post('/slas', {
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
      await as(AMARA).post('/slas/SLA-1/signatures', {
        role: 'serviceOwner',
      });
      await as(SOFIA).post('/slas/SLA-1/signatures', {
        role: 'customer',
      });
      await as(AMARA).post('/slas/SLA-1/transitions', {
        to: 'active',
        version: 3,
      });

      // An earlier change on the payments API, overlapping the window by a minute.
      await as(AMARA).post(
        '/changes',
        rfc({
          title: 'Roll payments-api pods',
          entityRefs: ['component:default/payments-api'],
          plannedStart: '2026-12-02T11:59:00Z',
          plannedEnd: '2026-12-02T13:00:00Z',
        }),
      );
      await as(AMARA).post('/changes/CHG-1/transitions', {
        to: 'review',
        version: 1,
      });
      // An incident the earlier change caused.
      await as(SOFIA).post('/incidents', {
        title: 'Refunds failed after the last ledger change',
        entityRefs: ['resource:default/ledger-db'],
        impact: 'medium',
        urgency: 'medium',
        causedByChange: 'CHG-1',
      });

      const filed = await as(INES).post('/changes', rfc());
      expect(filed.status).toBe(201);
      const { body } = await as(INES).get(`/changes/${filed.body.key}`);
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
      const typed = await as(INES).patch(`/changes/${filed.body.key}`, {
        version: 1,
        risk: 'low',
      });
      expect(typed.status).toBe(400);
    });

    it('asks only the service owner when customers are not affected', async () => {
      const { as } = await start();
      // Outside service hours of a business-hours service: Saturday.
      const weekend = await as(INES).post(
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
      const quiet = await as(INES).post(
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
      const functional = await as(INES).post(
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
      const filed = await as(INES).post(
        '/changes',
        rfc({ serviceImpact: 'none' }),
      );
      const key = filed.body.key;
      let version = filed.body.version;
      // Amara's team owns ledger-db: its change coordinator.
      for (const to of ['review', 'planning', 'approval']) {
        const res = await as(AMARA).post(`/changes/${key}/transitions`, {
          to,
          version,
        });
        expect(res.status).toBe(200);
        version = res.body.version;
      }
      // The change manager (platform-team here) schedules once approved.
      const early = await as(INES).post(`/changes/${key}/transitions`, {
        to: 'scheduled',
        version,
      });
      expect(early.status).toBe(409);
      expect(early.body.error.message).toMatch(
        /approval still required from group:default\/payments-team/,
      );

      expect(
        (
          await as(AMARA).post(`/changes/${key}/approvals`, {
            decision: 'approve',
          })
        ).status,
      ).toBe(200);
      // The same member cannot count twice towards the quorum.
      expect(
        (
          await as(AMARA).post(`/changes/${key}/approvals`, {
            decision: 'approve',
          })
        ).status,
      ).toBe(403);
      const pending = await as(INES).get(`/changes/${key}/approvals`);
      expect(pending.body.pending).toEqual(['group:default/payments-team']);
      const second = await as('user:default/lukas').post(
        `/changes/${key}/approvals`,
        { decision: 'approve' },
      );
      expect(second.status).toBe(200);
      expect(second.body.state).toBe('scheduled');
    });

    it('finds freeze windows at their edges; refuses every change but an emergency one in them', async () => {
      const { as } = await start({
        changes: {
          standardTemplates: [
            { id: 'cert', title: 'Rotate certificates', skipApproval: true },
          ],
        },
      });
      const touching = await as(INES).post(
        '/changes',
        rfc({
          plannedStart: '2026-12-19T22:00:00Z',
          plannedEnd: '2026-12-20T00:00:00Z',
        }),
      );
      expect(touching.body.assessment.freezeWindows).toEqual([]);
      const inside = await as(INES).post(
        '/changes',
        rfc({
          plannedStart: '2026-12-19T23:00:00Z',
          plannedEnd: '2026-12-20T00:01:00Z',
        }),
      );
      expect(inside.body.assessment.freezeWindows).toEqual([
        expect.objectContaining({ id: 'year-end' }),
      ]);
      // No exception to approve: a window inside a freeze is refused.
      expect(
        inside.body.assessment.approvers.map(
          (a: { approverRef: string }) => a.approverRef,
        ),
      ).not.toContain('group:default/platform-team');
      let insideVersion = inside.body.version;
      for (const to of ['review', 'planning']) {
        insideVersion = (
          await as(AMARA).post(`/changes/${inside.body.key}/transitions`, {
            to,
            version: insideVersion,
          })
        ).body.version;
      }
      const notPut = await as(AMARA).post(
        `/changes/${inside.body.key}/transitions`,
        { to: 'approval', version: insideVersion },
      );
      expect(notPut.status).toBe(409);
      expect(notPut.body.error.message).toMatch(
        /the window lies inside freeze window Year-end freeze .*only an emergency change/,
      );
      // The domain scope does not cover other domains.
      const platform = await as(INES).post(
        '/changes',
        rfc({
          entityRefs: ['component:default/identity-service'],
          plannedStart: '2026-12-22T10:00:00Z',
          plannedEnd: '2026-12-22T11:00:00Z',
        }),
      );
      expect(platform.body.assessment.freezeWindows).toEqual([]);

      const standard = await as(INES).post(
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
          await as(AMARA).post(`/changes/${standard.body.key}/transitions`, {
            to,
            version,
          })
        ).body.version;
      }
      const refused = await as(AMARA).post(
        `/changes/${standard.body.key}/transitions`,
        { to: 'scheduled', version },
      );
      expect(refused.status).toBe(409);
      expect(refused.body.error.message).toMatch(
        /freeze window Year-end freeze/,
      );
      // Moved out of the freeze, it is scheduled without approval.
      const moved = await as(AMARA).patch(`/changes/${standard.body.key}`, {
        version,
        plannedStart: '2027-01-05T10:00:00Z',
        plannedEnd: '2027-01-05T11:00:00Z',
      });
      const ok = await as(AMARA).post(
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
      const bad = await as(INES).post('/freeze-windows', {
        title: 'Black Friday',
        reason: 'peak',
        start: '2026-11-27T00:00:00Z',
        end: '2026-11-26T00:00:00Z',
        scope: { kind: 'all' },
      });
      expect(bad.status).toBe(400);
      expect(bad.body.error.message).toMatch(/^end: end must be after start/);
      const created = await as(INES).post('/freeze-windows', {
        title: 'Black Friday',
        reason: 'peak trading',
        start: '2026-11-27T00:00:00Z',
        end: '2026-11-30T00:00:00Z',
        scope: { kind: 'system', entityRef: 'system:default/storefront' },
      });
      expect(created.status).toBe(201);
      const list = await as(INES).get(
        '/freeze-windows?from=2026-11-01T00:00:00Z&to=2027-02-01T00:00:00Z',
      );
      expect(list.body.items.map((w: { title: string }) => w.title)).toEqual([
        'Black Friday',
        'Year-end freeze',
      ]);
      expect((await as(INES).delete('/freeze-windows/year-end')).status).toBe(
        409,
      );

      await as(INES).post('/changes', rfc());
      await as(INES).post('/changes/CHG-1/transitions', {
        to: 'review',
        version: 1,
      });
      await as(INES).post(
        '/changes',
        rfc({
          entityRefs: ['component:default/payments-api'],
          plannedStart: '2026-12-02T11:00:00Z',
          plannedEnd: '2026-12-02T11:30:00Z',
        }),
      );
      const calendar = await as(INES).get(
        '/calendar?from=2026-12-01T00:00:00Z&to=2026-12-31T00:00:00Z',
      );
      expect(calendar.status).toBe(200);
      const byKey = Object.fromEntries(
        calendar.body.changes.map((c: { key: string; conflicts: string[] }) => [
          c.key,
          c.conflicts,
        ]),
      );
      expect(byKey).toEqual({ 'CHG-1': ['CHG-2'], 'CHG-2': ['CHG-1'] });
      // The calendar shows each change's risk and freezes as its assessment says.
      for (const entry of calendar.body.changes) {
        const { assessment } = (await as(INES).get(`/changes/${entry.key}`))
          .body;
        expect(entry.risk).toBe(assessment.risk.level);
        expect(entry.freezeWindows).toEqual(
          assessment.freezeWindows.map((f: { title: string }) => f.title),
        );
      }
      // Lists leave the assessment out; the record's own page has it.
      const listed = await as(INES).get('/changes');
      expect(listed.body.items).toHaveLength(2);
      for (const item of listed.body.items) {
        expect(item.assessment).toBeUndefined();
      }
      expect(
        calendar.body.freezeWindows.map((w: { id: string }) => w.id),
      ).toEqual(['year-end']);
      const reversed = await as(INES).get(
        '/calendar?from=2026-12-31T00:00:00Z&to=2026-12-01T00:00:00Z',
      );
      expect(reversed.status).toBe(400);
      expect(reversed.body.error.message).toBe('to: must be after from');
      // A bare date is not a date-time: the document refuses it.
      expect(
        (await as(INES).get('/calendar?from=2026-12-01&to=2026-12-31')).body
          .error.message,
      ).toMatch(/request\/query\/from must match format "date-time"/);
      expect(
        (await as(INES).get('/impact?entityRef=resource:default/ledger-db'))
          .body.direct[0].entityRef,
      ).toBe('resource:default/ledger-db');
      expect(
        (await as(INES).get('/impact?entityRef=component:default/ghost'))
          .status,
      ).toBe(400);
      expect(
        (await as(INES).delete(`/freeze-windows/${created.body.id}`)).status,
      ).toBe(204);
    });
  },
);
