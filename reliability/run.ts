/*
 * yarn test:reliability: the heavy reliability run (docs/reliability.md).
 *
 * Two portal backends on one throwaway PostgreSQL 15, under a write load of
 * careful clients (Idempotency-Key, retried until answered), while faults
 * are injected: kill -9 of either instance at random moments (mid-write,
 * mid-sweep), the database stopped and started, the catalog's database taken
 * away. Then, from the databases: no acknowledged write lost, none written
 * twice, no half record, gapless keys; every SLA warning claimed once with
 * one history entry and one notification per user; every outage answered
 * 503 (never 500, never a hang) and recovered from. Prints the figures,
 * writes data/reliability/latest.json, exits 1 when a guarantee failed.
 *
 *   ./scripts/with-node.sh yarn test:reliability [--kills N] [--rounds N]
 *
 * `--break idempotency` makes the clients careless: each gives up after
 * 300 ms and sends again with a new Idempotency-Key. The run must then
 * fail, finding writes made twice: it shows the checks can fail.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from '../bench/lib/options';
import { generateOrganisation } from '../packages/backend/src/bench/organisation';
import {
  Check,
  coveredIncidents,
  escalationsOnce,
  warningsOnce,
  writesKept,
} from './lib/checks';
import { Client, HANG_MS, Tally } from './lib/client';
import {
  between,
  catalogOutage,
  createIncident,
  databaseOutage,
  Fault,
  killAndRestart,
  sleep,
  sweepRunning,
  Workload,
  writers,
} from './lib/faults';
import { Instance, SCALE } from './lib/instances';
import { ThrowawayPostgres } from './lib/postgres';

const started = Date.now();
const log = (line: string) =>
  console.log(`[${Math.round((Date.now() - started) / 1000)} s] ${line}`);

function option(name: string, fallback: number) {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

/** SLA targets short enough that every clock passes every threshold within the run. */
const MINUTE_TARGETS = {
  availabilityPercent: 99,
  responseMinutes: { P1: 1, P2: 1, P3: 1, P4: 1 },
  resolutionMinutes: { P1: 2, P2: 2, P3: 2, P4: 2 },
};
/** Response and resolution clocks, each warned at the danger threshold and at breach. */
const WARNINGS_PER_INCIDENT = 4;

async function setUpSla(
  client: Client,
  org: ReturnType<typeof generateOrganisation>,
) {
  const { team, requester, approver, leafComponents } = org.personas;
  const customerTeam = [...org.membersOf.keys()].find(
    t => t !== team && (org.membersOf.get(t) ?? []).length > 0,
  )!;
  const customer = org.membersOf.get(customerTeam)![0];
  const covered = leafComponents.slice(0, 50);
  const must = async (
    what: string,
    answer: Promise<{ status: number; body: any }>,
  ) => {
    const a = await answer;
    if (a.status >= 300)
      throw new Error(`${what}: ${a.status} ${JSON.stringify(a.body)}`);
    return a.body;
  };
  const sla = await must(
    'create the SLA',
    client.call(requester, 'POST', '/slas', {
      title: 'Reliability run: one-minute targets',
      entityRefs: covered,
      customerGroup: customerTeam,
      serviceOwnerGroup: team,
      targets: MINUTE_TARGETS,
    }),
  );
  await must(
    'sign for the customer',
    client.call(customer, 'POST', `/slas/${sla.key}/signatures`, {
      role: 'customer',
    }),
  );
  const signed = await must(
    'sign for the service owner',
    client.call(approver, 'POST', `/slas/${sla.key}/signatures`, {
      role: 'serviceOwner',
    }),
  );
  await must(
    'activate the SLA',
    client.call(requester, 'POST', `/slas/${sla.key}/transitions`, {
      to: 'active',
      version: signed.version,
    }),
  );
  // One incident in four on a covered component, the others on components
  // no SLA covers: the clocks owe a quarter as many warnings, and the run's
  // notifications (each to the team's 8 members) are delivered in the run.
  const coveredSet = new Set(covered);
  const uncovered = org.items
    .filter(i => i.kind === 'component' && !coveredSet.has(i.ref))
    .map(i => i.ref)
    .slice(0, 150);
  const entities = covered.flatMap((ref, i) => [
    ref,
    ...uncovered.slice(i * 3, i * 3 + 3),
  ]);
  return { covered, entities };
}

async function main() {
  const kills = option('kills', 4);
  const rounds = option('rounds', 2);
  const runId = Date.now().toString(36);
  log(`reliability run ${runId}: PostgreSQL, two instances`);
  const pg = await ThrowawayPostgres.create();
  const instances = [
    await Instance.create('a', pg.url()),
    await Instance.create('b', pg.url()),
  ];
  const [a, b] = instances;
  const faults: Fault[] = [];
  const checks: Check[] = [];
  const tally = new Tally();
  const admin = pg.connect('postgres');
  try {
    log('starting instance a (migrations, catalog)');
    await a.start();
    log('starting instance b');
    await b.start();
    // `--break idempotency`: a careless client is impatient too; it gives up
    // after 300 ms and sends again with a new key, while the first request
    // may still commit.
    const careless =
      process.argv.includes('--break') && process.argv.includes('idempotency');
    const client = new Client(
      () => instances.filter(i => i.up).map(i => i.baseUrl),
      tally,
      careless ? 300 : HANG_MS,
      careless,
    );
    const org = generateOrganisation(SCALE);
    const { covered, entities } = await setUpSla(client, org);
    const w: Workload = {
      client,
      requester: org.personas.requester,
      team: org.personas.team,
      entities,
      covered: new Set(covered),
      titlePrefix: `Reliability ${runId}`,
      acknowledged: [],
      refused: new Map(),
      lastAcknowledgedAt: 0,
      next: 1,
    };
    const patience = 5 * 60_000;

    log(
      `phase 1: writes on both instances, ${kills} kill -9 at random moments`,
    );
    let load = writers(w, 6, patience);
    for (let k = 0; k < kills; k++) {
      await sleep(between(3000, 12000));
      faults.push(await killAndRestart(instances[k % 2], instances, log));
    }
    await sleep(5000);
    await load.stop();
    log(`phase 1: ${w.acknowledged.length} incidents acknowledged`);

    log(
      `phase 2: ${rounds} SLA sweeps killed mid-run, taken over by the other instance`,
    );
    for (let r = 0; r < rounds; r++) {
      const [runner, other] = r % 2 === 0 ? [a, b] : [b, a];
      for (let i = 0; i < 400; i++)
        await createIncident(w, Date.now() + patience);
      await other.kill();
      faults.push({
        kind: 'kill -9',
        instance: other.name,
        at: new Date().toISOString(),
        midSweep: false,
      });
      const deadline = Date.now() + 150_000;
      while (!(await sweepRunning([runner])) && Date.now() < deadline)
        await sleep(50);
      await sleep(between(0, 1500));
      faults.push(await killAndRestart(runner, instances, log));
      await other.start();
      log(`instance ${other.name} is back`);
    }

    log('phase 3: the database stopped for 10 s under load');
    load = writers(w, 4, patience);
    await sleep(5000);
    faults.push(await databaseOutage(pg, w, 10_000));
    await sleep(5000);
    await load.stop();

    log('phase 4: the catalog database away for 10 s under load');
    load = writers(w, 4, patience);
    await sleep(5000);
    faults.push(await catalogOutage(admin, w, 10_000));
    await sleep(5000);
    await load.stop();

    const itsm = pg.connect('backstage_plugin_itsm');
    const notifications = pg.connect('backstage_plugin_notifications');
    const settleFrom = Math.max(
      w.lastAcknowledgedAt + 2.5 * 60_000,
      Date.now(),
    );
    log(
      `settling: the last clocks pass their targets, sweeps and deliveries run (at most until ${new Date(
        settleFrom + 8 * 60_000,
      ).toISOString()})`,
    );
    await sleep(settleFrom - Date.now());
    const expected = async () =>
      (await coveredIncidents(itsm, w.titlePrefix, covered)) *
      WARNINGS_PER_INCIDENT;
    let warnings = await warningsOnce(itsm, notifications, await expected());
    // Until every warning is claimed and delivered, for at most 8 minutes.
    const settleUntil = Date.now() + 8 * 60_000;
    while (warnings.violations.length > 0 && Date.now() < settleUntil) {
      await sleep(10_000);
      warnings = await warningsOnce(itsm, notifications, await expected());
    }
    // How long after the last clock's breach the effects were all done.
    warnings.figures.settledSecondsAfterDue = Math.round(
      (Date.now() - settleFrom) / 1000,
    );
    checks.push(
      await writesKept(itsm, 'incidents', w.titlePrefix, w.acknowledged),
    );
    checks.push(warnings);
    checks.push(
      await escalationsOnce(
        itsm,
        await coveredIncidents(itsm, w.titlePrefix, covered),
      ),
    );
    checks.push(outagesAnswered(faults, tally));
    await itsm.destroy();
    await notifications.destroy();
    report(runId, faults, checks, tally, w, instances);
  } finally {
    await admin.destroy().catch(() => undefined);
    await Promise.all(instances.map(i => i.stop()));
    pg.destroy();
  }
  const failed = checks.filter(c => c.violations.length > 0);
  process.exit(failed.length > 0 ? 1 : 0);
}

/** Outages are answered 503 (never 500) and nothing hangs; each was recovered from. */
function outagesAnswered(faults: Fault[], tally: Tally): Check {
  const violations: string[] = [];
  for (const f of faults.filter(x => x.answersWhileDown)) {
    const statuses = Object.keys(f.answersWhileDown!).map(Number);
    const unexpected = statuses.filter(s => s >= 500 && s !== 503);
    if (unexpected.length)
      violations.push(`${f.kind}: answered ${unexpected.join(', ')}`);
    if (!f.answersWhileDown!['503'])
      violations.push(`${f.kind}: no request was answered 503 while it lasted`);
  }
  if (tally.hangs > 0)
    violations.push(
      `${tally.hangs} requests had no answer within ${HANG_MS / 1000} s`,
    );
  const fiveHundreds = tally.count(500, 600) - tally.count(503, 504);
  if (fiveHundreds > 0)
    violations.push(`${fiveHundreds} answers were 5xx other than 503`);
  return {
    name: 'outages answered 503, no hang, no 500',
    violations,
    figures: {
      hangs: tally.hangs,
      abandonedByClient: tally.abandoned,
      other5xx: fiveHundreds,
      answered503: tally.count(503, 504),
    },
  };
}

function report(
  runId: string,
  faults: Fault[],
  checks: Check[],
  tally: Tally,
  w: Workload,
  instances: Instance[],
) {
  const result = {
    runId,
    finishedAt: new Date().toISOString(),
    seconds: Math.round((Date.now() - started) / 1000),
    machine: {
      cores: os.cpus().length,
      loadAverage: os.loadavg().map(x => Number(x.toFixed(2))),
    },
    requests: tally.toJSON(),
    writes: {
      acknowledged: w.acknowledged.length,
      refusedFinally: Object.fromEntries(w.refused),
    },
    faults,
    faultCounts: {
      kills: faults.filter(f => f.kind === 'kill -9').length,
      killsMidSweep: faults.filter(f => f.midSweep).length,
      databaseOutages: faults.filter(f => f.kind === 'database outage').length,
      catalogOutages: faults.filter(f => f.kind === 'catalog outage').length,
    },
    instanceStartsMs: Object.fromEntries(
      instances.map(i => [i.name, i.startMs]),
    ),
    checks,
  };
  const file = path.join(ROOT, 'data', 'reliability', 'latest.json');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  console.log('\nFaults:', JSON.stringify(result.faultCounts));
  console.log('Requests:', JSON.stringify(result.requests));
  for (const f of faults.filter(x => x.kind !== 'kill -9')) {
    console.log(
      `${f.kind}: down ${f.downMs} ms, recovered ${
        f.recoveryMs
      } ms after, answers while down ${JSON.stringify(f.answersWhileDown)}`,
    );
  }
  for (const c of checks) {
    console.log(
      `${c.violations.length ? 'FAIL' : 'ok  '} ${c.name} ${JSON.stringify(
        c.figures,
      )}`,
    );
    for (const v of c.violations) console.log(`       ${v}`);
  }
  console.log(`\n${result.seconds} s; figures in ${path.relative(ROOT, file)}`);
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
