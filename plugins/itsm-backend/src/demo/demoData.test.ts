import { mockServices } from '@backstage/backend-test-utils';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import fs from 'fs';
import { load } from 'js-yaml';
import { demoCatalog, systemCaller } from '../__testUtils__/fixtures';
import { itsmServices } from '../__testUtils__/itsmServices';
import {
  ITSM_TEST_DATABASES,
  useItsmTestDatabase,
} from '../__testUtils__/itsmTestDatabase';
import { seedDemoData } from './demoData';

jest.setTimeout(120_000);

/** The `itsm` section of the portal's app-config.yaml, as the demo runs it. */
function demoItsmConfig() {
  const file = resolvePackagePath(
    '@backstage-itsm/plugin-itsm-backend',
    '../../app-config.yaml',
  );
  const { itsm } = load(fs.readFileSync(file, 'utf8')) as {
    itsm: Record<string, unknown>;
  };
  return itsm;
}

/*
 * The demo seeds its records through the services, as its people, under
 * the roles of the demo catalog and app-config: every step must be allowed,
 * or the portal starts with half a demo (seeding stops at the first refusal).
 */
describe.each(ITSM_TEST_DATABASES)('demo data on %s', databaseId => {
  const db = useItsmTestDatabase(databaseId);

  it('seeds every record in the state the README describes, once', async () => {
    const services = itsmServices({
      knex: db.knex,
      now: new Date(),
      config: demoItsmConfig() as any,
      entities: demoCatalog(),
    });
    const logger = mockServices.logger.mock();
    const seed = () =>
      seedDemoData({
        records: services.records,
        signatures: services.signatures,
        store: services.store,
        logger,
        caller: async () => systemCaller,
      });
    expect(await seed()).toBe(true);
    expect(logger.info).toHaveBeenCalledWith('Seeded ITSM demo records');
    const state = async (type: any, key: string) =>
      (await services.store.getRecord(type, key))?.state;
    expect({
      outage: await state('incidents', 'INC-1'),
      search: await state('incidents', 'INC-2'),
      problem: await state('problems', 'PRB-1'),
      sla: await state('slas', 'SLA-1'),
      rfc: await state('changes', 'CHG-1'),
      release: await state('releases', 'REL-1'),
    }).toEqual({
      outage: 'in_progress',
      search: 'new',
      problem: 'under_investigation',
      sla: 'active',
      rfc: 'review',
      release: 'defined',
    });
    // The backlog of Shared Platform holds two RFCs for its CAB, whose
    // three members the demo catalog names: Tomasz can call a meeting.
    const backlog = await services.records.get(
      'releases',
      'REL-2',
      systemCaller,
    );
    expect(backlog).toMatchObject({
      state: 'backlog',
      entityRefs: ['system:default/shared-platform'],
    });
    expect(backlog.links.map(l => [l.key, l.state])).toEqual([
      ['CHG-2', 'in_release'],
      ['CHG-3', 'in_release'],
    ]);
    const tomasz = {
      ...systemCaller,
      userRef: 'user:default/tomasz.nowak',
      claims: ['user:default/tomasz.nowak'],
    };
    const meeting = await services.cab.create(
      {
        serviceRef: 'system:default/shared-platform',
        meetingAt: new Date(Date.now() + 2 * 86_400_000).toISOString(),
        submissionDeadline: new Date(Date.now() + 86_400_000).toISOString(),
      },
      tomasz,
    );
    expect(meeting.members).toEqual([
      'user:default/hana.sato',
      'user:default/ines.duarte',
      'user:default/tomasz.nowak',
    ]);
    // A second run finds the records and adds nothing.
    expect(await seed()).toBe(true);
    expect(
      (await services.store.listRecords({ type: 'incidents', limit: 10 }))
        .totalCount,
    ).toBe(2);
  });
});
