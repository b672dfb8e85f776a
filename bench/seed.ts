/*
 * yarn bench:seed: the benchmark's ITSM records (docs/performance.md).
 *
 * Makes the synthetic organisation's records through the plugin's store, in
 * the database the bench portal uses: SLAs, incidents over two years (with
 * outages; the newest open until the open-clock target is met), changes with
 * windows and problems. Each record is built as the API would have left it
 * (insert, then one update to its final state) and written with the store's
 * bulk write (store/bulkInsert.ts: the rows the per-record path writes, in
 * multi-row inserts, a batch per transaction). Then it records the SLA
 * warnings and escalations a running portal's sweep would have recorded
 * before `now` (lib/preclaim.ts; --no-preclaim leaves them to the bench's
 * first sweep). Writes data/bench/manifest-<db>.json for `yarn bench`.
 *
 *   ./scripts/with-node.sh yarn bench:seed --scale small --reset
 *   ./scripts/with-node.sh yarn bench:seed --scale full --pg-url postgresql://... --reset
 */
import fs from 'node:fs';
import path from 'node:path';
import { Knex } from 'knex';
import { RECORD_FACTS } from '../plugins/itsm-backend/src/recordFacts';
import {
  KnexItsmStore,
  migrateItsmDatabase,
} from '../plugins/itsm-backend/src/store';
import { bulkInsertRecords } from '../plugins/itsm-backend/src/store/bulkInsert';
import { buildChange, buildProblem } from './lib/changes';
import { dropPluginDatabase, manifestPath, openPluginDatabase } from './lib/db';
import { parseOptions } from './lib/options';
import { makePlan } from './lib/plan';
import { preclaimSlaClaims } from './lib/preclaim';
import {
  buildContext,
  buildIncident,
  buildSla,
  SeedRecord,
  toBulk,
} from './lib/records';

function fmt(n: number) {
  return Math.round(n).toLocaleString('en-US');
}

async function writeAll(
  knex: Knex,
  batchSize: number,
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
  for (let from = 0; from < count; from += batchSize) {
    const batch: SeedRecord[] = [];
    for (let i = from; i < Math.min(count, from + batchSize); i++)
      batch.push(build(i));
    const inserted = await bulkInsertRecords(
      knex,
      RECORD_FACTS,
      batch.map(toBulk),
    );
    batch.forEach((rec, i) => {
      if (inserted[i].key !== rec.key) {
        throw new Error(
          `The store handed out ${inserted[i].key} where the plan expected ${rec.key}: the ITSM database was not empty (run with --reset)`,
        );
      }
      history +=
        rec.history.length + (rec.links ?? []).filter(l => l.otherEntry).length;
    });
    const done = Math.min(count, from + batchSize);
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
    const write = (
      label: string,
      count: number,
      build: (i: number) => SeedRecord,
    ) => writeAll(knex, options.batch, label, count, build);
    // Incidents before changes and problems: those link to them.
    results.slas = await write('SLAs', counts.slas, i => buildSla(ctx, i));
    results.incidents = await write('incidents', counts.incidents, i =>
      buildIncident(ctx, i),
    );
    results.changes = await write('changes', counts.changes, i =>
      buildChange(ctx, i),
    );
    results.problems = await write('problems', counts.problems, i =>
      buildProblem(ctx, i),
    );
    const timed = async (label: string, sql: string) => {
      const t = Date.now();
      await knex.raw(sql);
      const s = (Date.now() - t) / 1000;
      console.log(`  ${label} in ${s.toFixed(1)} s`);
      return s;
    };
    if (options.db === 'pg')
      results.analyzeSeconds = await timed('ANALYZE', 'ANALYZE');
    if (options.preclaim) {
      console.log(
        '  recording the SLA warnings and escalations a running portal would have recorded (--no-preclaim to skip)',
      );
      const preclaim = await preclaimSlaClaims(knex, store, {
        now: options.now,
      });
      console.log(
        `  preclaim: ${fmt(preclaim.warnings)} warnings and ${fmt(
          preclaim.escalations,
        )} escalations of ${fmt(preclaim.openIncidents)} open incidents up to ${
          preclaim.cutoff
        } in ${preclaim.seconds.toFixed(
          1,
        )} s; the sweep at that instant then found ${
          preclaim.check.warnings
        } warnings and ${
          preclaim.check.escalations
        } escalations left (${preclaim.check.seconds.toFixed(1)} s)`,
      );
      if (preclaim.check.warnings > 0 || preclaim.check.escalations > 0) {
        console.warn(
          '  the preclaim missed what the sweep found (the sweep recorded it): lib/preclaim.ts no longer mirrors SlaSweep',
        );
      }
      results.preclaim = preclaim;
    }
    // A loaded table has no visibility map and no statistics: the bench
    // should not wait for autovacuum to make them.
    if (options.db === 'pg')
      results.vacuumSeconds = await timed('VACUUM ANALYZE', 'VACUUM ANALYZE');
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
    preclaim: options.preclaim,
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
