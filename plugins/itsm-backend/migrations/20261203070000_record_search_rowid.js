// @ts-check

/*
 * SQLite full-text search by the FTS rowid (store/textSearch.ts queries it).
 *
 * 20261202190000_record_search.js kept `itsm_records_fts(record_id
 * UNINDEXED, body)`: FTS5 cannot look up an UNINDEXED column, so every
 * update and delete of a record scanned the whole index for its row, and
 * every update re-indexed the record, whatever it changed.
 *
 * Now, on SQLite:
 *
 * - `itsm_records_fts_rowids (fts_rowid INTEGER PRIMARY KEY, record_id
 *   UNIQUE)` gives every record a stable integer, the rowid of its row in
 *   the index (the rowid of itsm_records is no such number: its primary key
 *   is the text id, and VACUUM may renumber its rowids);
 * - `itsm_records_fts(body)` holds the searched words under that rowid;
 * - the triggers reach both through the rowid and the unique record_id, and
 *   the update trigger fires only when a searched column (key, title,
 *   description, data) is written and its text changed;
 * - a search goes from the index's matches to the records by the mapping's
 *   primary key and the records' primary key, never per record.
 *
 * The searched text and its words are exactly those of the previous
 * migration. Existing records are indexed anew from itsm_records. The id of
 * a record never changes (other tables reference it), so the triggers do not
 * follow a changed id. PostgreSQL keeps its generated tsvector column and GIN
 * index: nothing changes there.
 */

const previous = require('./20261202190000_record_search.js');

const SQLITE_TEXT = (/** @type {string} */ row) =>
  `coalesce(${row}.key, '') || ' ' || coalesce(${row}.title, '') || ' ' ||
  coalesce(${row}.description, '') || ' ' ||
  coalesce(json_extract(${row}.data, '$.workaround'), '') || ' ' ||
  coalesce(json_extract(${row}.data, '$.rootCause'), '')`;

/** The index rowid of the record `id` (a lookup of the unique record_id). */
const FTS_ROWID = (/** @type {string} */ id) =>
  `(SELECT fts_rowid FROM itsm_records_fts_rowids WHERE record_id = ${id})`;

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
  if (isPostgres(knex)) return;
  // The previous design: its triggers and its index.
  await previous.down(knex);

  await knex.raw(`CREATE TABLE itsm_records_fts_rowids (
    fts_rowid INTEGER PRIMARY KEY,
    record_id TEXT NOT NULL UNIQUE)`);
  // unicode61 separates words at punctuation and white space, folds case.
  await knex.raw(`CREATE VIRTUAL TABLE itsm_records_fts USING fts5(
    body, tokenize = "unicode61 remove_diacritics 0")`);
  await knex.raw(`INSERT INTO itsm_records_fts_rowids (record_id)
    SELECT id FROM itsm_records ORDER BY type, seq`);
  await knex.raw(`INSERT INTO itsm_records_fts (rowid, body)
    SELECT m.fts_rowid, ${SQLITE_TEXT('r')}
    FROM itsm_records_fts_rowids m JOIN itsm_records r ON r.id = m.record_id`);

  await knex.raw(`CREATE TRIGGER itsm_records_fts_insert AFTER INSERT ON itsm_records
    BEGIN
      INSERT INTO itsm_records_fts_rowids (record_id) VALUES (new.id);
      INSERT INTO itsm_records_fts (rowid, body)
        VALUES (${FTS_ROWID('new.id')}, ${SQLITE_TEXT('new')});
    END`);
  // Only a write of a searched column that changes the searched text.
  await knex.raw(`CREATE TRIGGER itsm_records_fts_update
    AFTER UPDATE OF key, title, description, data ON itsm_records
    WHEN (${SQLITE_TEXT('old')}) IS NOT (${SQLITE_TEXT('new')})
    BEGIN
      UPDATE itsm_records_fts SET body = ${SQLITE_TEXT('new')}
        WHERE rowid = ${FTS_ROWID('new.id')};
    END`);
  await knex.raw(`CREATE TRIGGER itsm_records_fts_delete AFTER DELETE ON itsm_records
    BEGIN
      DELETE FROM itsm_records_fts WHERE rowid = ${FTS_ROWID('old.id')};
      DELETE FROM itsm_records_fts_rowids WHERE record_id = old.id;
    END`);
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  if (isPostgres(knex)) return;
  await knex.raw('DROP TRIGGER itsm_records_fts_delete');
  await knex.raw('DROP TRIGGER itsm_records_fts_update');
  await knex.raw('DROP TRIGGER itsm_records_fts_insert');
  await knex.raw('DROP TABLE itsm_records_fts');
  await knex.raw('DROP TABLE itsm_records_fts_rowids');
  // The previous design, built from itsm_records as that migration builds it.
  await previous.up(knex);
};
