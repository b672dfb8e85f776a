// @ts-check

/*
 * Record lists in a chosen order (GET /{type}?sort=, store/listSort.ts).
 *
 * A list sorted by a column pages by keyset on (column, seq): each page is
 * the next rows of the index (type, column, seq) after the last row of the
 * page before, read forwards (ascending) or backwards (descending), and
 * stops after the page. Without such an index the database reads every
 * record of the type (and of its filter) and sorts them for each page. The
 * orders and their indexes:
 *
 * - key: the unique (type, seq) of the initial migration.
 * - state: (type, state, seq) of 20261202180000_records_range_indexes.js.
 * - createdAt, updatedAt, title: new (type, created_at, seq),
 *   (type, updated_at, seq), (type, title, seq). The (type, created_at)
 *   index of 20261203140000_kpi_columns.js includes other columns, not seq.
 * - priority: (type, priority, seq) replaces (type, priority) of the initial
 *   migration, which it holds as a prefix. NULL priorities are one end of
 *   the index on PostgreSQL (after every value), where the order puts them.
 *
 * Reversible: down drops the new indexes and restores (type, priority).
 */

const NEW_INDEXES = [
  {
    name: 'itsm_records_type_created_seq_idx',
    columns: ['type', 'created_at', 'seq'],
  },
  {
    name: 'itsm_records_type_updated_seq_idx',
    columns: ['type', 'updated_at', 'seq'],
  },
  {
    name: 'itsm_records_type_title_seq_idx',
    columns: ['type', 'title', 'seq'],
  },
  {
    name: 'itsm_records_type_priority_seq_idx',
    columns: ['type', 'priority', 'seq'],
  },
];
const REPLACED = {
  name: 'itsm_records_type_priority_idx',
  columns: ['type', 'priority'],
};

/** @param {import('knex').Knex} knex */
exports.up = async function up(knex) {
  await knex.schema.alterTable('itsm_records', table => {
    for (const index of NEW_INDEXES) table.index(index.columns, index.name);
    table.dropIndex(REPLACED.columns, REPLACED.name);
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('itsm_records', table => {
    table.index(REPLACED.columns, REPLACED.name);
    for (const index of NEW_INDEXES) table.dropIndex(index.columns, index.name);
  });
};
