// @ts-check

/*
 * Full-text search over a record's key, title, description and the
 * workaround and root cause of a problem (store/textSearch.ts queries it):
 *
 * - PostgreSQL: a generated tsvector column with a GIN index.
 * - SQLite: an FTS5 table kept by triggers on itsm_records.
 *
 * Both see the same words: ASCII punctuation and white space separate words
 * (so `INC-12` is the words `inc` and `12`, `snake_case` is `snake` and
 * `case`), case is ignored, letters with diacritics stay as they are.
 */

const PG_TEXT = `coalesce(key, '') || ' ' || coalesce(title, '') || ' ' ||
  coalesce(description, '') || ' ' ||
  coalesce((data::json) ->> 'workaround', '') || ' ' ||
  coalesce((data::json) ->> 'rootCause', '')`;

const SQLITE_TEXT = (/** @type {string} */ row) =>
  `coalesce(${row}.key, '') || ' ' || coalesce(${row}.title, '') || ' ' ||
  coalesce(${row}.description, '') || ' ' ||
  coalesce(json_extract(${row}.data, '$.workaround'), '') || ' ' ||
  coalesce(json_extract(${row}.data, '$.rootCause'), '')`;

/**
 * @param {import('knex').Knex} knex
 */
function isPostgres(knex) {
  return knex.client.config.client === 'pg';
}

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  if (isPostgres(knex)) {
    await knex.raw(`ALTER TABLE itsm_records ADD COLUMN search_vector tsvector
      GENERATED ALWAYS AS (to_tsvector('simple',
        regexp_replace(${PG_TEXT}, '[[:space:][:punct:]]+', ' ', 'g'))) STORED`);
    await knex.raw(
      'CREATE INDEX itsm_records_search_idx ON itsm_records USING GIN (search_vector)',
    );
    return;
  }
  // unicode61 separates words at punctuation and white space, folds case.
  await knex.raw(`CREATE VIRTUAL TABLE itsm_records_fts USING fts5(
    record_id UNINDEXED, body, tokenize = "unicode61 remove_diacritics 0")`);
  await knex.raw(`INSERT INTO itsm_records_fts (record_id, body)
    SELECT r.id, ${SQLITE_TEXT('r')} FROM itsm_records r`);
  await knex.raw(`CREATE TRIGGER itsm_records_fts_insert AFTER INSERT ON itsm_records
    BEGIN
      INSERT INTO itsm_records_fts (record_id, body) VALUES (new.id, ${SQLITE_TEXT(
        'new',
      )});
    END`);
  await knex.raw(`CREATE TRIGGER itsm_records_fts_update AFTER UPDATE ON itsm_records
    BEGIN
      DELETE FROM itsm_records_fts WHERE record_id = old.id;
      INSERT INTO itsm_records_fts (record_id, body) VALUES (new.id, ${SQLITE_TEXT(
        'new',
      )});
    END`);
  await knex.raw(`CREATE TRIGGER itsm_records_fts_delete AFTER DELETE ON itsm_records
    BEGIN
      DELETE FROM itsm_records_fts WHERE record_id = old.id;
    END`);
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  if (isPostgres(knex)) {
    await knex.raw('DROP INDEX itsm_records_search_idx');
    await knex.raw('ALTER TABLE itsm_records DROP COLUMN search_vector');
    return;
  }
  await knex.raw('DROP TRIGGER itsm_records_fts_delete');
  await knex.raw('DROP TRIGGER itsm_records_fts_update');
  await knex.raw('DROP TRIGGER itsm_records_fts_insert');
  await knex.raw('DROP TABLE itsm_records_fts');
};
