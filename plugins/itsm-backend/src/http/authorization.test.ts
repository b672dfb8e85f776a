import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import request from 'supertest';
import {
  AMARA,
  changeBody,
  incidentBody,
  INES,
  slaBody,
} from '../__testUtils__/fixtures';
import {
  ITSM_TABLES,
  useItsmTestDatabase,
} from '../__testUtils__/itsmTestDatabase';
import { specOperations } from '../__testUtils__/openapiSpec';
import { teamsApartPolicy } from '../__testUtils__/policies';
import { suiteBackends } from '../__testUtils__/suiteBackends';

jest.setTimeout(120_000);

/*
 * Authorization of every operation of openapi.yaml under a restrictive
 * policy (teams kept apart): Ines of Platform Engineering against the
 * records of Payments (Amara's), and nobody at all (no token). Ines holds no
 * role of Payments, so the operations that need one are refused too. Each
 * refused write leaves every table as it was.
 */

type Expect =
  /** Ines may not see or touch it: 403 or 404, nothing written. */
  | 'refused'
  /** A list or figure: answered, without a record of Payments in it. */
  | 'hidden'
  /** Open to any signed-in user (catalog facts, her own writes). */
  | 'open';

interface Case {
  op: string;
  path: string;
  body?: unknown;
  expect: Expect;
}

const PAYMENTS_KEYS = ['INC-1', 'PRB-1', 'CHG-1', 'REL-1', 'SLA-1'];

const CASES: Case[] = [
  { op: 'get /:type', path: '/incidents', expect: 'hidden' },
  { op: 'get /:type', path: '/changes?q=payments', expect: 'hidden' },
  {
    op: 'get /:type',
    path: '/incidents?format=csv&sort=-priority',
    expect: 'hidden',
  },
  {
    op: 'post /:type',
    path: '/incidents',
    body: incidentBody({ entityRefs: ['component:default/checkout-web'] }),
    expect: 'open',
  },
  { op: 'get /:type/:idOrKey', path: '/incidents/INC-1', expect: 'refused' },
  {
    op: 'patch /:type/:idOrKey',
    path: '/problems/PRB-1',
    body: { version: 1, title: 'taken over' },
    expect: 'refused',
  },
  {
    op: 'get /:type/:idOrKey/comments',
    path: '/changes/CHG-1/comments',
    expect: 'refused',
  },
  {
    op: 'post /:type/:idOrKey/comments',
    path: '/changes/CHG-1/comments',
    body: { body: 'hello' },
    expect: 'refused',
  },
  {
    op: 'post /:type/:idOrKey/comments',
    path: '/incidents/INC-1/comments',
    body: { body: 'psst', visibility: 'internal' },
    expect: 'refused',
  },
  {
    // A service desk agent registers an incident for a caller of Payments.
    op: 'post /:type',
    path: '/incidents',
    body: incidentBody({ onBehalfOf: AMARA }),
    expect: 'open',
  },
  {
    op: 'get /:type/:idOrKey/history',
    path: '/slas/SLA-1/history',
    expect: 'refused',
  },
  {
    op: 'post /:type/:idOrKey/links',
    path: '/problems/PRB-1/links',
    body: { target: 'INC-1' },
    expect: 'refused',
  },
  {
    op: 'delete /:type/:idOrKey/links/:targetKey',
    path: '/changes/CHG-1/links/PRB-1',
    expect: 'refused',
  },
  {
    op: 'get /:type/:idOrKey/roles',
    path: '/releases/REL-1/roles',
    expect: 'refused',
  },
  {
    op: 'post /:type/:idOrKey/transitions',
    path: '/incidents/INC-1/transitions',
    body: { to: 'assigned', version: 1 },
    expect: 'refused',
  },
  {
    op: 'get /availability',
    path: '/availability?entityRef=component:default/payments-api&from=2026-01-01T00:00:00Z&to=2026-02-01T00:00:00Z',
    expect: 'open',
  },
  // Meetings are read with itsm.cab-meeting.read, a basic permission this
  // policy grants (cabPermission.test.ts denies it).
  { op: 'get /cab-meetings', path: '/cab-meetings', expect: 'open' },
  {
    op: 'post /cab-meetings',
    path: '/cab-meetings',
    body: {
      serviceRef: 'system:default/payments',
      meetingAt: '2026-02-10T10:00:00Z',
      submissionDeadline: '2026-02-08T10:00:00Z',
    },
    expect: 'refused',
  },
  { op: 'get /cab-meetings/:key', path: '/cab-meetings/CAB-1', expect: 'open' },
  {
    op: 'put /cab-meetings/:key/agenda',
    path: '/cab-meetings/CAB-1/agenda',
    body: { change: 'CHG-1' },
    expect: 'refused',
  },
  {
    op: 'post /cab-meetings/:key/votes',
    path: '/cab-meetings/CAB-1/votes',
    body: { change: 'CHG-1', vote: 'reject' },
    expect: 'refused',
  },
  {
    op: 'post /cab-meetings/:key/close',
    path: '/cab-meetings/CAB-1/close',
    body: { version: 1, nextMeetingAt: '2026-03-10T10:00:00Z' },
    expect: 'refused',
  },
  {
    op: 'get /calendar',
    path: '/calendar?from=2025-12-01T00:00:00Z&to=2027-01-01T00:00:00Z',
    expect: 'hidden',
  },
  {
    op: 'get /changes/:idOrKey/approvals',
    path: '/changes/CHG-1/approvals',
    expect: 'refused',
  },
  {
    op: 'post /changes/:idOrKey/approvals',
    path: '/changes/CHG-1/approvals',
    body: { decision: 'approve' },
    expect: 'refused',
  },
  { op: 'get /change-templates', path: '/change-templates', expect: 'open' },
  { op: 'get /freeze-windows', path: '/freeze-windows', expect: 'open' },
  {
    op: 'post /freeze-windows',
    path: '/freeze-windows',
    body: {
      title: 'Not mine to freeze',
      reason: 'Ines is not the change manager of Payments',
      start: '2026-12-20T00:00:00Z',
      end: '2026-12-27T00:00:00Z',
      scope: { kind: 'system', entityRef: 'system:default/payments' },
    },
    expect: 'refused',
  },
  {
    op: 'delete /freeze-windows/:id',
    path: '/freeze-windows/FRZ-1',
    expect: 'refused',
  },
  {
    op: 'get /impact',
    path: '/impact?entityRef=component:default/payments-api',
    expect: 'open',
  },
  {
    op: 'post /incidents/:idOrKey/escalation-acknowledgement',
    path: '/incidents/INC-1/escalation-acknowledgement',
    body: { note: 'on it' },
    expect: 'refused',
  },
  {
    op: 'post /incidents/:idOrKey/escalation-decision',
    path: '/incidents/INC-1/escalation-decision',
    body: { version: 1, decision: 'urge', reason: 'faster please' },
    expect: 'refused',
  },
  {
    op: 'get /incidents/:idOrKey/sla',
    path: '/incidents/INC-1/sla',
    expect: 'refused',
  },
  { op: 'get /kpis', path: '/kpis', expect: 'hidden' },
  {
    op: 'get /releases/:key/plan',
    path: '/releases/REL-1/plan',
    expect: 'refused',
  },
  {
    op: 'post /releases/:key/plan',
    path: '/releases/REL-1/plan',
    body: { title: 'x', coordinator: INES, durationDays: 1 },
    expect: 'refused',
  },
  {
    op: 'get /roles',
    path: '/roles?entityRef=component:default/payments-api',
    expect: 'open',
  },
  {
    op: 'get /slas/:idOrKey/report',
    path: '/slas/SLA-1/report?term=2026-01',
    expect: 'refused',
  },
  {
    op: 'post /slas/:idOrKey/signatures',
    path: '/slas/SLA-1/signatures',
    body: { role: 'customer' },
    expect: 'refused',
  },
  ...['assigned', 'groups', 'approvals', 'signatures'].map(section => ({
    op: 'get /work',
    path: `/work?section=${section}`,
    expect: 'hidden' as const,
  })),
];

describe('authorization of every operation under a restrictive policy', () => {
  const db = useItsmTestDatabase('SQLITE_3');
  const start = suiteBackends(db);

  const snapshot = async () =>
    JSON.stringify(
      await Promise.all(
        ITSM_TABLES.map(async t =>
          ((await db.knex(t)) as unknown[]).map(r => JSON.stringify(r)).sort(),
        ),
      ),
    );

  it('covers every operation of the document', () => {
    const covered = new Set(CASES.map(c => c.op));
    expect(
      specOperations()
        .map(o => `${o.method} ${o.path}`)
        .filter(op => op !== 'get /health' && !covered.has(op)),
    ).toEqual([]);
  });

  it('refuses another team and nobody, on every operation, writing nothing', async () => {
    const { server, as } = await start({
      permissions: teamsApartPolicy(),
      // A request without a token is nobody's (the test backend's default
      // would be a signed-in mock user).
      extraFeatures: [
        mockServices.httpAuth.factory({
          defaultCredentials: mockCredentials.none(),
        }),
      ],
    });
    // Payments' records, Amara's.
    for (const [type, body] of [
      ['incidents', incidentBody()],
      [
        'problems',
        { title: 'Pool', entityRefs: ['component:default/payments-api'] },
      ],
      ['changes', changeBody()],
      ['releases', { title: 'Q1', entityRefs: ['system:default/payments'] }],
      ['slas', slaBody()],
    ] as const) {
      expect((await as(AMARA).post(`/${type}`, body)).status).toBe(201);
    }
    expect(
      (await as(AMARA).post('/changes/CHG-1/links', { target: 'PRB-1' }))
        .status,
    ).toBe(201);
    const day = 86_400_000;
    const meeting = await as(AMARA).post('/cab-meetings', {
      serviceRef: 'system:default/payments',
      meetingAt: new Date(Date.now() + 7 * day).toISOString(),
      submissionDeadline: new Date(Date.now() + 5 * day).toISOString(),
    });
    expect(meeting.body.key).toBe('CAB-1');
    // An RFC of Payments on its agenda: Ines reads the meeting, not the RFC.
    const rfc = await as(AMARA).post(
      '/changes',
      changeBody({ title: 'Secret ledger split', functionalChange: true }),
    );
    for (const to of ['review', 'in_release']) {
      const { version } = (await as(AMARA).get(`/changes/${rfc.body.key}`))
        .body;
      expect(
        (
          await as(AMARA).post(`/changes/${rfc.body.key}/transitions`, {
            to,
            version,
          })
        ).status,
      ).toBe(200);
    }
    expect(
      (
        await request(server)
          .put('/api/itsm/cab-meetings/CAB-1/agenda')
          .set('Authorization', mockCredentials.user.header(AMARA))
          .send({ change: rfc.body.key })
      ).status,
    ).toBe(200);

    const problems: string[] = [];
    for (const c of CASES) {
      const [method] = c.op.split(' ');
      const send = (auth?: string) => {
        let req = (request(server) as any)[method](`/api/itsm${c.path}`);
        if (auth) req = req.set('Authorization', auth);
        return c.body === undefined ? req : req.send(c.body);
      };
      // Nobody: 401 everywhere.
      const anonymous = await send();
      if (anonymous.status !== 401) {
        problems.push(`${c.op} without a token answered ${anonymous.status}`);
      }
      // Ines, of another team and with no role of Payments.
      const before = await snapshot();
      const res = await send(mockCredentials.user.header(INES));
      // A CSV answer (an export) is text, its cells quoted: "INC-1".
      const text = /csv/.test(res.type ?? '')
        ? res.text
        : JSON.stringify(res.body);
      const leaked = PAYMENTS_KEYS.filter(k => text.includes(`"${k}"`));
      if (c.expect === 'refused') {
        if (![403, 404].includes(res.status)) {
          problems.push(
            `${c.op} answered Ines ${res.status}: ${text.slice(0, 200)}`,
          );
        }
        if ((await snapshot()) !== before) {
          problems.push(`${c.op} refused Ines but the tables changed`);
        }
      } else if (res.status >= 300) {
        problems.push(
          `${c.op} answered Ines ${res.status}: ${text.slice(0, 200)}`,
        );
      }
      if (c.expect === 'hidden' && leaked.length) {
        problems.push(`${c.op} showed Ines ${leaked.join(', ')}`);
      }
      if (c.op === 'get /kpis' && res.status === 200) {
        // Only what she may read is counted: her own incident, not Amara's.
        const mine = await as(INES).get('/incidents');
        if (res.body.incidents.reported !== mine.body.totalCount) {
          problems.push(
            `get /kpis counted ${res.body.incidents.reported} incidents for Ines, who may read ${mine.body.totalCount}`,
          );
        }
      }
    }
    expect(problems).toEqual([]);
    const board = await as(INES).get('/cab-meetings/CAB-1');
    expect(board.body.agenda).toEqual([
      expect.objectContaining({ changeKey: rfc.body.key, changeTitle: '' }),
    ]);
    expect(JSON.stringify(board.body)).not.toContain('Secret ledger split');
    const own = await as(AMARA).get('/cab-meetings/CAB-1');
    expect(own.body.agenda[0].changeTitle).toBe('Secret ledger split');
  });
});
