// @ts-check

/*
 * PostgreSQL: statistics of record type and state together.
 *
 * A state belongs to the types whose process has it (`active` is an SLA's,
 * `resolved` an incident's ...), but the planner assumes the two columns
 * independent: it multiplies their selectivities and estimated one active
 * SLA among 1.2 million records where there were 1,000. On that estimate the
 * SLAs covering a hub's 500 dependents (impact, store/recordLists.ts) were
 * read by walking every active SLA and probing the entity rows for each:
 * 3.3 s at full scale; with these statistics it finds the entities' SLAs
 * first and takes 37 ms (docs/performance.md). The statistics are filled by
 * the ANALYZE here, and kept by autovacuum. SQLite has no such statistics.
 */

const NAME = 'itsm_records_type_state_stats';

/** @param {import('knex').Knex} knex */
function isPostgres(knex) {
  return knex.client.config.client === 'pg';
}

/** @param {import('knex').Knex} knex */
exports.up = async function up(knex) {
  if (!isPostgres(knex)) return;
  await knex.raw(
    'CREATE STATISTICS ?? (mcv, dependencies) ON type, state FROM itsm_records',
    [NAME],
  );
  await knex.raw('ANALYZE itsm_records');
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  if (!isPostgres(knex)) return;
  await knex.raw('DROP STATISTICS ??', [NAME]);
};
