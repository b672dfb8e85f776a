/*
 * yarn bench:seed: the benchmark's ITSM records (docs/performance.md).
 *
 * Makes the synthetic organisation's records through the plugin's store
 * (KnexItsmStore: insertRecord, updateRecord, appendHistory, addApproval,
 * addLink, many records per transaction) in the database the bench portal
 * uses: SLAs, incidents over two years (with outages; the newest open until
 * the open-clock target is met), changes with windows and problems. Writes
 * data/bench/manifest-<db>.json for `yarn bench`.
 *
 *   ./scripts/with-node.sh yarn bench:seed --scale small --reset
 *   ./scripts/with-node.sh yarn bench:seed --scale full --pg-url postgresql://... --reset
 */
import fs from 'node:fs';
import path from 'node:path';
import { RECORD_FACTS } from '../plugins/itsm-backend/src/recordFacts';
import {
  KnexItsmStore,
  migrateItsmDatabase,
} from '../plugins/itsm-backend/src/store';
import { buildChange, buildProblem } from './lib/changes';
import { dropPluginDatabase, manifestPath, openPluginDatabase } from './lib/db';
import { parseOptions } from './lib/options';
import { makePlan } from './lib/plan';
import {
  buildContext,
  buildIncident,
  buildSla,
  SeedRecord,
} from './lib/records';

const BATCH = 250;

function fmt(n: number) {
  return Math.round(n).toLocaleString('en-US');
}

async function writeAll(
  store: KnexItsmStore,
  label: string,
  count: number,
  build: (i: number) => SeedRecord,
): Promise<{
  count: number;
  seconds: number;
  perSecond: number;
  history: number;
}> {
  const started = Date.now();
  let lastReport = started;
  let history = 0;
  for (let from = 0; from < count; from += BATCH) {
    const batch: SeedRecord[] = [];
    for (let i = from; i < Math.min(count, from + BATCH); i++)
      batch.push(build(i));
    await store.transaction(async tx => {
      for (const rec of batch) {
        const stored = await tx.insertRecord(rec.insert);
        if (stored.key !== rec.key) {
          throw new Error(
            `The store handed out ${stored.key} where the plan expected ${rec.key}: the ITSM database was not empty (run with --reset)`,
          );
        }
        if (rec.patch)
          await tx.updateRecord(stored.id, stored.version, rec.patch);
        await tx.appendHistory(stored.id, rec.history);
        history += rec.history.length;
        for (const approval of rec.approvals ?? [])
          await tx.addApproval(approval);
        for (const { link, otherId, otherEntry } of rec.links ?? []) {
          await tx.addLink(link);
          if (otherEntry) {
            await tx.appendHistory(otherId, [otherEntry]);
            history += 1;
          }
        }
      }
    });
    const done = Math.min(count, from + BATCH);
    const now = Date.now();
    if (now - lastReport > 2000 || done === count) {
      lastReport = now;
      const rate = done / Math.max(0.001, (now - started) / 1000);
      const eta = (count - done) / Math.max(1, rate);
      console.log(
        `  ${label}: ${fmt(done)}/${fmt(count)} (${fmt(rate)}/s${
          done < count ? `, ${fmt(eta)} s to go` : ''
        })`,
      );
    }
  }
  const seconds = (Date.now() - started) / 1000;
  return {
    count,
    seconds,
    perSecond: count / Math.max(0.001, seconds),
    history,
  };
}

async function main() {
  const options = parseOptions(process.argv.slice(2));
  const { counts } = options;
  const target =
    options.db === 'pg'
      ? `PostgreSQL ${options.pgUrl!.replace(/:[^:@/]*@/, ':***@')}`
      : `SQLite in ${path.relative(process.cwd(), options.sqliteDir)}`;
  console.log(
    `bench:seed, scale ${options.scaleName} (seed ${options.seed}, now ${options.now}) into ${target}`,
  );
  console.log(`  ${JSON.stringify(counts)}`);
  const started = Date.now();
  const plan = makePlan(options);
  const { org } = plan;
  console.log(
    `  plan made in ${((Date.now() - started) / 1000).toFixed(1)} s: ${fmt(
      org.entities.length,
    )} entities ${JSON.stringify(org.counts)}`,
  );
  console.log(
    `  hubs: ${org.hubs
      .map(h => `${h.ref} (${h.dependents} dependents)`)
      .join(', ')}; ${org.bigSystem.ref} has ${
      org.bigSystem.components.length
    } components`,
  );
  console.log(
    `  open incidents: ${fmt(plan.openIncidents)} with ${fmt(
      plan.openClocks,
    )} SLA clocks`,
  );

  if (options.reset) {
    console.log('  dropping the ITSM bench database (--reset)');
    await dropPluginDatabase(options, 'itsm');
  }
  const { knex, close } = await openPluginDatabase(options, 'itsm');
  const results: Record<string, unknown> = {};
  try {
    await migrateItsmDatabase(knex);
    const [{ n }] = await knex('itsm_records').count({ n: '*' });
    if (Number(n) > 0) {
      throw new Error(
        `The ITSM bench database already holds ${n} records; run with --reset to start over`,
      );
    }
    // Built as wiring.ts builds it: every record's facts are written with it.
    const store = new KnexItsmStore(knex, RECORD_FACTS);
    const ctx = buildContext(plan);
    // Incidents before changes and problems: those link to them.
    results.slas = await writeAll(store, 'SLAs', counts.slas, i =>
      buildSla(ctx, i),
    );
    results.incidents = await writeAll(
      store,
      'incidents',
      counts.incidents,
      i => buildIncident(ctx, i),
    );
    results.changes = await writeAll(store, 'changes', counts.changes, i =>
      buildChange(ctx, i),
    );
    results.problems = await writeAll(store, 'problems', counts.problems, i =>
      buildProblem(ctx, i),
    );
    if (options.db === 'pg') await knex.raw('ANALYZE');
  } finally {
    await close();
  }
  const seconds = (Date.now() - started) / 1000;
  const manifest = {
    seededAt: new Date().toISOString(),
    seconds,
    scale: options.scaleName,
    counts,
    seed: options.seed,
    now: options.now,
    db: options.db,
    sqliteDir: options.db === 'sqlite' ? options.sqliteDir : undefined,
    openIncidents: plan.openIncidents,
    openClocks: plan.openClocks,
    organisation: {
      counts: org.counts,
      hubs: org.hubs,
      bigSystem: {
        ref: org.bigSystem.ref,
        components: org.bigSystem.components.length,
      },
    },
    written: results,
  };
  fs.mkdirSync(path.dirname(manifestPath(options)), { recursive: true });
  fs.writeFileSync(
    manifestPath(options),
    `${JSON.stringify(manifest, null, 2)}\n`,
  );
  console.log(
    `bench:seed done in ${seconds.toFixed(1)} s; manifest ${path.relative(
      process.cwd(),
      manifestPath(options),
    )}`,
  );
}

main().catch(error => {
  console.error(error);
  process.exitCode = 1;
});
