// @ts-check

/*
 * PostgreSQL: a larger sample for the statistics of record type and state
 * (20261203130000_type_state_statistics).
 *
 * ANALYZE keeps a combination of type and state in those statistics only
 * when it appears often enough in its sample of 30,000 rows (the default
 * target of 100). At full scale the 1,000 active SLAs are 0.08 % of 1.2
 * million records, about 25 rows of such a sample, just below the bound
 * ANALYZE applies there: after a fresh seed (docs/performance.md) the
 * statistics held 18 combinations, not `(slas, active)`, and the planner
 * estimated one active SLA again. A target of 1,000 samples 300,000 rows,
 * where the active SLAs are about 250 rows, ten times the bound. The
 * columns' own statistics keep their default target.
 */

const NAME = 'itsm_records_type_state_stats';
const TARGET = 1000;

/** @param {import('knex').Knex} knex */
function isPostgres(knex) {
  return knex.client.config.client === 'pg';
}

/** @param {import('knex').Knex} knex */
exports.up = async function up(knex) {
  if (!isPostgres(knex)) return;
  await knex.raw(`ALTER STATISTICS ?? SET STATISTICS ${TARGET}`, [NAME]);
  await knex.raw('ANALYZE itsm_records');
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  if (!isPostgres(knex)) return;
  await knex.raw('ALTER STATISTICS ?? SET STATISTICS -1', [NAME]);
};
