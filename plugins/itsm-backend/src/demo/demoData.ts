import { LoggerService } from '@backstage/backend-plugin-api';
import { RecordService } from '../engine/RecordService';
import { Caller } from '../engine/types';
import { SlaSignatures } from '../slas/SlaSignatures';
import { ItsmStore } from '../store/types';

/**
 * Seeds a handful of records on the Kestrel Commerce demo catalog, once:
 * nothing happens when any incident exists. Enabled by `itsm.demoData: true`
 * (app-config.yaml). Records are created through the service, so they obey
 * every rule a user's would.
 */
export async function seedDemoData(options: {
  records: RecordService;
  signatures: SlaSignatures;
  store: ItsmStore;
  logger: LoggerService;
  caller: () => Promise<Caller>;
}): Promise<boolean> {
  const { records, signatures, store, logger } = options;
  const existing = await store.listRecords({ type: 'incidents', limit: 1 });
  if (existing.totalCount > 0) return true;

  const service = await options.caller();
  const as = (user: string, ...groups: string[]): Caller => ({
    credentials: service.credentials,
    userRef: `user:default/${user}`,
    claims: [`user:default/${user}`, ...groups.map(g => `group:default/${g}`)],
  });
  const amara = as('amara.okafor', 'payments-team');
  const sofia = as('sofia.martins', 'storefront-team');
  const ines = as('ines.duarte', 'platform-team');
  const hour = 3600_000;
  const at = (offsetHours: number) =>
    new Date(Date.now() + offsetHours * hour).toISOString();

  try {
    const outage = await records.create(
      'incidents',
      {
        title: 'Card payments time out at checkout',
        description:
          'Shoppers see "payment failed" after 30 s. Error rate on `payments-api` above 40 %.',
        entityRefs: [
          'component:default/payments-api',
          'component:default/checkout-web',
        ],
        impact: 'high',
        urgency: 'high',
        serviceType: 'infrastructure_restoration',
        outage: { kind: 'down', start: at(-2) },
        major: true,
      },
      sofia,
    );
    let v = outage.version;
    v = (
      await records.transition(
        'incidents',
        outage.key,
        { to: 'assigned', version: v },
        amara,
      )
    ).version;
    await records.transition(
      'incidents',
      outage.key,
      { to: 'in_progress', version: v },
      amara,
    );
    await records.addComment(
      'incidents',
      outage.key,
      {
        body: 'Connection pool of **payments-db** is exhausted; restarting pods as a workaround.',
      },
      amara,
    );

    await records.create(
      'incidents',
      {
        title: 'Search results lag behind stock changes',
        entityRefs: ['component:default/search-service'],
        impact: 'medium',
        urgency: 'low',
        category: 'data freshness',
      },
      sofia,
    );

    const problem = await records.create(
      'problems',
      {
        title: 'Payments DB connection pool exhaustion under peak load',
        entityRefs: [
          'component:default/payments-api',
          'resource:default/payments-db',
        ],
        workaround:
          'Restart the payments-api pods to release leaked connections.',
      },
      amara,
    );
    await records.addLink(
      'problems',
      problem.key,
      { target: outage.key },
      amara,
    );
    await records.transition(
      'problems',
      problem.key,
      { to: 'under_investigation', version: problem.version },
      amara,
    );

    // The SLA first, so that the RFC below finds its customer.
    const sla = await records.create(
      'slas',
      {
        title: 'Card payments for the Storefront',
        entityRefs: [
          'component:default/payments-api',
          'component:default/ledger-service',
        ],
        customerGroup: 'group:default/storefront-team',
        serviceOwnerGroup: 'group:default/payments-team',
        targets: {
          availabilityPercent: 99.9,
          responseMinutes: { P1: 15, P2: 30, P3: 240, P4: 480 },
          resolutionMinutes: { P1: 240, P2: 480, P3: 2880, P4: 7200 },
          maxOutages: 2,
        },
        calendar: '24x7',
        term: 'monthly',
      },
      amara,
    );
    await signatures.sign(sla.key, { role: 'serviceOwner' }, amara);
    const signed = await signatures.sign(sla.key, { role: 'customer' }, sofia);
    await records.transition(
      'slas',
      sla.key,
      { to: 'active', version: signed.version },
      amara,
    );
    const upgrade = await records.create(
      'changes',
      {
        title: 'Upgrade ledger-db to PostgreSQL 16',
        entityRefs: ['resource:default/ledger-db'],
        changeType: 'normal',
        plannedStart: at(24 * 7),
        plannedEnd: at(24 * 7 + 2),
        implementationPlan:
          'Fail over to the replica, upgrade the primary with pg_upgrade, fail back.',
        testPlan:
          'Run the ledger reconciliation suite against the upgraded primary.',
        backoutPlan: 'Fail over to the untouched replica.',
        serviceImpact: 'degraded',
      },
      ines,
    );
    await records.transition(
      'changes',
      upgrade.key,
      { to: 'review', version: upgrade.version },
      ines,
    );

    await records.create(
      'releases',
      {
        title: 'Payments Q4 release',
        entityRefs: ['system:default/payments'],
        summary: 'Wallet payments and faster refunds.',
        targetDate: at(24 * 30),
      },
      amara,
    );

    // The backlog of Shared Platform, for its CAB (Tomasz, Ines, Hana):
    // RFCs its change coordinator handed to release management.
    const daniel = as('daniel.kim', 'platform-team');
    const tomasz = as('tomasz.nowak');
    for (const [title, entity] of [
      ['Single sign-on for the partner portal', 'identity-service'],
      ['Rate limits per API key on the gateway', 'api-gateway'],
    ]) {
      const rfc = await records.create(
        'changes',
        {
          title,
          entityRefs: [`component:default/${entity}`],
          changeType: 'normal',
          functionalChange: true,
        },
        daniel,
      );
      const submitted = await records.transition(
        'changes',
        rfc.key,
        { to: 'review', version: rfc.version },
        daniel,
      );
      await records.transition(
        'changes',
        rfc.key,
        { to: 'in_release', version: submitted.version },
        tomasz,
      );
    }

    logger.info('Seeded ITSM demo records');
    return true;
  } catch (error) {
    // Usually the catalog has not loaded the demo entities yet; try again later.
    logger.info(`ITSM demo data not seeded yet: ${error}`);
    return false;
  }
}
