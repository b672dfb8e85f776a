// @ts-check

/*
 * The release figures of GET /kpis (store/releaseKpiQueries.ts, defined in
 * docs/kpis.md) from small indexes rather than a scan of itsm_history, the
 * largest table. Each figure counts history entries of one kind in a
 * period; these kinds are rare (releases are few, RFCs in release a small
 * part of the changes), so the indexes are partial and small.
 *
 * - itsm_history_release_states_idx: the state transitions out of
 *   `justification` (business cases sent back or rejected), `coordinating`
 *   (the end of coordination) and `in_release` (RFCs closed as fulfilled),
 *   by from, to and moment. The queries name the predicate's terms as
 *   literals (SQLite uses a partial index only for a query that repeats
 *   them).
 * - itsm_history_release_unlinks_idx: the entries `unlinked` of field
 *   `releases` (a change leaving a release: written by the record engine
 *   when a transition's effect unlinks it, and by DELETE .../links), by
 *   moment and release key: the RFCs a release returned to the backlog at
 *   its end of coordination are those entries at the instant of its
 *   `coordinating -> reviewing` entry.
 * - itsm_cab_meetings_closed_idx: meetings by state and close, for the CAB
 *   meetings closed in a period and the latest of them.
 *
 * PostgreSQL keeps the other columns the queries read in INCLUDE; SQLite,
 * which has none, as trailing key columns. No data moves; reversible.
 */

/**
 * @param {import('knex').Knex} knex
 */
function isPostgres(knex) {
  return knex.client.config.client === 'pg';
}

/**
 * @type {Array<{ table: string, name: string, keys: string[], include: string[], where?: string }>}
 */
const INDEXES = [
  {
    table: 'itsm_history',
    name: 'itsm_history_release_states_idx',
    keys: ['from_value', 'to_value', 'at'],
    include: ['record_id', 'action'],
    where: `field = 'state' AND from_value IN ('"justification"', '"coordinating"', '"in_release"')`,
  },
  {
    table: 'itsm_history',
    name: 'itsm_history_release_unlinks_idx',
    keys: ['at', 'from_value'],
    include: ['record_id'],
    where: `action = 'unlinked' AND field = 'releases'`,
  },
  {
    table: 'itsm_cab_meetings',
    name: 'itsm_cab_meetings_closed_idx',
    keys: ['state', 'closed_at'],
    include: ['service_ref', 'seq'],
  },
];

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  const pg = isPostgres(knex);
  for (const i of INDEXES) {
    const keys = pg ? i.keys : [...i.keys, ...i.include];
    const include =
      pg && i.include.length > 0 ? ` INCLUDE (${i.include.join(', ')})` : '';
    const where = i.where ? ` WHERE ${i.where}` : '';
    await knex.raw(
      `CREATE INDEX ${i.name} ON ${i.table} (${keys.join(
        ', ',
      )})${include}${where}`,
    );
  }
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  for (const i of [...INDEXES].reverse()) {
    await knex.raw(`DROP INDEX ${i.name}`);
  }
};
