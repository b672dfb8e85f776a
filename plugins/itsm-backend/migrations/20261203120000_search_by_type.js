// @ts-check

/*
 * PostgreSQL text search per record type (store/textSearch.ts).
 *
 * A list searches the records of one type. With one GIN index over every
 * record, PostgreSQL found a word's matches of all types in it and then
 * intersected them with every record of the type from a b-tree (a BitmapAnd
 * reading a million index entries for incidents at full scale, about 150 ms
 * of every search; docs/performance.md). A partial GIN index per type holds
 * only that type's records, so the matches of a type are one index read.
 *
 * The list of types is the one of this date (plugins/itsm-common/src/
 * recordTypes.ts); a new type gets its index in its own migration. SQLite's
 * FTS5 index is unchanged.
 */

const TYPES = ['incidents', 'problems', 'changes', 'releases', 'slas'];
const ALL = 'itsm_records_search_idx';

/** @param {import('knex').Knex} knex */
function isPostgres(knex) {
  return knex.client.config.client === 'pg';
}

/** @param {string} type */
const indexName = type => `itsm_records_search_${type}_idx`;

/** @param {import('knex').Knex} knex */
exports.up = async function up(knex) {
  if (!isPostgres(knex)) return;
  for (const type of TYPES) {
    // A literal from TYPES: DDL takes no parameters.
    await knex.raw(
      `CREATE INDEX ?? ON itsm_records USING GIN (search_vector) WHERE type = '${type}'`,
      [indexName(type)],
    );
  }
  await knex.raw('DROP INDEX ??', [ALL]);
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  if (!isPostgres(knex)) return;
  await knex.raw('CREATE INDEX ?? ON itsm_records USING GIN (search_vector)', [
    ALL,
  ]);
  for (const type of TYPES) {
    await knex.raw('DROP INDEX ??', [indexName(type)]);
  }
};
