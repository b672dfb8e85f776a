import { registerMswTestHooks } from '@backstage/test-utils';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { ItsmOpenApi } from '@backstage-itsm/plugin-itsm-common';
import { ItsmClient } from './ItsmClient';
import { baseUrl, createClient } from '../__testUtils__/client';

const server = setupServer();
registerMswTestHooks(server);

describe('ItsmClient operations', () => {
  afterEach(() => jest.restoreAllMocks());

  type Call = (client: ItsmClient) => Promise<unknown>;
  type Operation = keyof ItsmOpenApi.DefaultApiClient;
  // [method of ItsmApi, operation of the generated client, HTTP method,
  //  path below the plugin base URL, call, JSON body sent]
  const table: Array<[string, Operation, string, string, Call, unknown]> = [
    [
      'listRecords',
      'listRecords',
      'GET',
      '/changes',
      c => c.listRecords('changes'),
      undefined,
    ],
    [
      'downloadRecordsCsv',
      'listRecords',
      'GET',
      '/incidents',
      c => c.downloadRecordsCsv('incidents', { sort: 'priority' }),
      undefined,
    ],
    [
      'getMyWork',
      'getMyWork',
      'GET',
      '/work',
      c => c.getMyWork({ section: 'approvals', limit: 10 }),
      undefined,
    ],
    [
      'getRecord',
      'getRecord',
      'GET',
      '/problems/PRB-3',
      c => c.getRecord('problems', 'PRB-3'),
      undefined,
    ],
    [
      'createRecord',
      'createRecord',
      'POST',
      '/releases',
      c =>
        c.createRecord('releases', {
          title: 'Q4',
          entityRefs: ['system:default/payments'],
        }),
      { title: 'Q4', entityRefs: ['system:default/payments'] },
    ],
    [
      'updateRecord',
      'updateRecord',
      'PATCH',
      '/slas/SLA-1',
      c => c.updateRecord('slas', 'SLA-1', { version: 3, calendar: 'office' }),
      { version: 3, calendar: 'office' },
    ],
    [
      'transition',
      'transition',
      'POST',
      '/changes/CHG-2/transitions',
      c => c.transition('changes', 'CHG-2', { to: 'review', version: 2 }),
      { to: 'review', version: 2 },
    ],
    [
      'getHistory',
      'getHistory',
      'GET',
      '/incidents/INC-12/history',
      c => c.getHistory('incidents', 'INC-12'),
      undefined,
    ],
    [
      'listComments',
      'listComments',
      'GET',
      '/incidents/INC-12/comments',
      c => c.listComments('incidents', 'INC-12'),
      undefined,
    ],
    [
      'addComment',
      'addComment',
      'POST',
      '/incidents/INC-12/comments',
      c => c.addComment('incidents', 'INC-12', { body: 'Looking into it' }),
      { body: 'Looking into it' },
    ],
    [
      'addLink',
      'addLink',
      'POST',
      '/incidents/INC-12/links',
      c => c.addLink('incidents', 'INC-12', { target: 'PRB-3' }),
      { target: 'PRB-3' },
    ],
    [
      'removeLink',
      'removeLink',
      'DELETE',
      '/incidents/INC-12/links/PRB-3',
      c => c.removeLink('incidents', 'INC-12', 'PRB-3'),
      undefined,
    ],
    [
      'decideApproval',
      'decideApproval',
      'POST',
      '/changes/CHG-2/approvals',
      c => c.decideApproval('CHG-2', { decision: 'approve' }),
      { decision: 'approve' },
    ],
    [
      'getApprovals',
      'getApprovals',
      'GET',
      '/changes/CHG-2/approvals',
      c => c.getApprovals('CHG-2'),
      undefined,
    ],
    [
      'sign',
      'sign',
      'POST',
      '/slas/SLA-1/signatures',
      c => c.sign('SLA-1', { role: 'customer' }),
      { role: 'customer' },
    ],
    [
      'getAvailability',
      'getAvailability',
      'GET',
      '/availability',
      c =>
        c.getAvailability({
          entityRef: 'component:default/payments-api',
          from: '2026-11-01T00:00:00.000Z',
          to: '2026-12-01T00:00:00.000Z',
          granularity: 'day',
        }),
      undefined,
    ],
    [
      'getImpact',
      'getImpact',
      'GET',
      '/impact',
      c => c.getImpact(['component:default/payments-api']),
      undefined,
    ],
    [
      'getChangeCalendar',
      'getChangeCalendar',
      'GET',
      '/calendar',
      c =>
        c.getChangeCalendar({
          from: '2026-11-01T00:00:00.000Z',
          to: '2026-12-01T00:00:00.000Z',
        }),
      undefined,
    ],
    [
      'listStandardChangeTemplates',
      'listStandardChangeTemplates',
      'GET',
      '/change-templates',
      c => c.listStandardChangeTemplates(),
      undefined,
    ],
    ['getKpis', 'getKpis', 'GET', '/kpis', c => c.getKpis(), undefined],
    [
      'getIncidentSla',
      'getIncidentSlaClocks',
      'GET',
      '/incidents/INC-12/sla',
      c => c.getIncidentSla('INC-12'),
      undefined,
    ],
    [
      'getSlaReport',
      'getSlaReport',
      'GET',
      '/slas/SLA-1/report',
      c => c.getSlaReport('SLA-1', '2026-10'),
      undefined,
    ],
    [
      'downloadSlaReportCsv',
      'getSlaReport',
      'GET',
      '/slas/SLA-1/report',
      c => c.downloadSlaReportCsv('SLA-1', '2026-10'),
      undefined,
    ],
    [
      'decideEscalation',
      'decideEscalation',
      'POST',
      '/incidents/INC-12/escalation-decision',
      c =>
        c.decideEscalation('INC-12', {
          version: 4,
          decision: 'reassign',
          assignee: 'user:default/lukas',
          reason: 'needs a DBA',
        }),
      {
        version: 4,
        decision: 'reassign',
        assignee: 'user:default/lukas',
        reason: 'needs a DBA',
      },
    ],
    [
      'acknowledgeEscalation',
      'acknowledgeEscalation',
      'POST',
      '/incidents/INC-12/escalation-acknowledgement',
      c => c.acknowledgeEscalation('INC-12', { note: 'on it' }),
      { note: 'on it' },
    ],
    [
      'getEntityRoles',
      'getEntityRoles',
      'GET',
      '/roles',
      c => c.getEntityRoles('component:default/payments-api'),
      undefined,
    ],
    [
      'getRecordRoles',
      'getRecordRoles',
      'GET',
      '/changes/CHG-7/roles',
      c => c.getRecordRoles('changes', 'CHG-7'),
      undefined,
    ],
    ['health', 'getHealth', 'GET', '/health', c => c.health(), undefined],
    [
      'listCabMeetings',
      'listCabMeetings',
      'GET',
      '/cab-meetings',
      c =>
        c.listCabMeetings({ serviceRef: 'system:default/payments', limit: 5 }),
      undefined,
    ],
    [
      'createCabMeeting',
      'createCabMeeting',
      'POST',
      '/cab-meetings',
      c =>
        c.createCabMeeting({
          serviceRef: 'system:default/payments',
          meetingAt: '2026-12-10T10:00:00Z',
          submissionDeadline: '2026-12-08T10:00:00Z',
        }),
      {
        serviceRef: 'system:default/payments',
        meetingAt: '2026-12-10T10:00:00Z',
        submissionDeadline: '2026-12-08T10:00:00Z',
      },
    ],
    [
      'getCabMeeting',
      'getCabMeeting',
      'GET',
      '/cab-meetings/CAB-1',
      c => c.getCabMeeting('CAB-1'),
      undefined,
    ],
    [
      'putCabAgendaItem',
      'putCabAgendaItem',
      'PUT',
      '/cab-meetings/CAB-1/agenda',
      c => c.putCabAgendaItem('CAB-1', { change: 'CHG-2', effortDays: 3 }),
      { change: 'CHG-2', effortDays: 3 },
    ],
    [
      'voteCabMeeting',
      'voteCabMeeting',
      'POST',
      '/cab-meetings/CAB-1/votes',
      c => c.voteCabMeeting('CAB-1', { change: 'CHG-2', vote: 'defer' }),
      { change: 'CHG-2', vote: 'defer' },
    ],
    [
      'closeCabMeeting',
      'closeCabMeeting',
      'POST',
      '/cab-meetings/CAB-1/close',
      c =>
        c.closeCabMeeting('CAB-1', {
          version: 2,
          nextMeetingAt: '2027-01-10T10:00:00Z',
        }),
      { version: 2, nextMeetingAt: '2027-01-10T10:00:00Z' },
    ],
    [
      'getReleasePlan',
      'getReleasePlan',
      'GET',
      '/releases/REL-4/plan',
      c => c.getReleasePlan('REL-4'),
      undefined,
    ],
    [
      'addReleasePlanChange',
      'addReleasePlanChange',
      'POST',
      '/releases/REL-4/plan',
      c =>
        c.addReleasePlanChange('REL-4', {
          title: 'Ledger',
          coordinator: 'user:default/lukas',
          durationDays: 2,
        }),
      { title: 'Ledger', coordinator: 'user:default/lukas', durationDays: 2 },
    ],
  ];

  it.each(table)(
    '%s calls %s and sends %s %s',
    async (_name, operation, method, path, call, expectedBody) => {
      const generated = jest.spyOn(
        ItsmOpenApi.DefaultApiClient.prototype,
        operation,
      );
      const requests: Array<{ method: string; path: string; body: unknown }> =
        [];
      server.use(
        http.all(`${baseUrl}/*`, async ({ request }) => {
          const text = await request.text();
          requests.push({
            method: request.method,
            path: new URL(request.url).pathname,
            body: text ? JSON.parse(text) : undefined,
          });
          return method === 'DELETE'
            ? new HttpResponse(null, { status: 204 })
            : HttpResponse.json({ status: 'ok' });
        }),
      );

      await call(createClient());

      expect(generated).toHaveBeenCalledTimes(1);
      expect(requests).toEqual([
        { method, path: `/api/itsm${path}`, body: expectedBody },
      ]);
    },
  );

  it('covers every method of the client in the table', () => {
    const methods = Object.getOwnPropertyNames(ItsmClient.prototype).filter(
      name => name !== 'constructor',
    );
    expect(table.map(([name]) => name).sort()).toEqual(methods.sort());
  });
});
