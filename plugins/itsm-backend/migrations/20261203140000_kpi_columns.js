// @ts-check

/*
 * The process figures (store/kpiQueries.ts) and the interval reads of
 * availability and SLA reports (store/availabilityQueries.ts) from indexes
 * alone, at a million records.
 *
 * 1. The fields of `data` the figures count, as columns the database keeps.
 *
 * The figures sum or count fields of the JSON `data` of every record in a
 * period (120,000 incidents in 90 days at full scale). Reading them meant
 * reading and parsing each record's row: about a second per figure on
 * PostgreSQL (docs/performance.md). Each is now a generated column, computed
 * by the database from `data` whenever the row is written (PostgreSQL:
 * STORED; SQLite: VIRTUAL, stored in the indexes that name it), so no writer
 * changes and the copy cannot drift from `data`:
 *
 * - send_back_count, reassignment_count, reopen_count: the number fields
 *   sendBackCount, reassignmentCount and reopenCount, 0 when missing or no
 *   number (the figures' definition, docs/kpis.md);
 * - escalated, major: 1 when the field is JSON `true`, else 0;
 * - outcome, change_type: the string fields outcome and changeType, null
 *   when missing or no string.
 *
 * On PostgreSQL adding them rewrites itsm_records once (about 1.2 million
 * rows at full scale). The expressions read `data` as `json` (not `jsonb`),
 * like the search column of 20261202190000, so they accept every `data` the
 * table accepts today.
 *
 * 2. Indexes that hold what the figures read (PostgreSQL: INCLUDE columns;
 * SQLite, which has none: trailing key columns):
 *
 * - (type, state, priority) replaces (type, state): open incidents by
 *   priority from the index alone; every use of (type, state) keeps its
 *   prefix.
 * - (type, created_at) with id and the counted columns replaces
 *   (type, created_at): records reported in a period, and their sums, from
 *   the index alone; the ids of the records created in an SLA term.
 * - (type, state_changed_at) with id, state, created_at, key, outcome and
 *   reopen_count: incidents resolved and changes closed in a period.
 * - itsm_history (at, record_id) where field = 'state' and to_value =
 *   '"resolved"': the transitions into resolved in a period (the figure
 *   "resolved", docs/kpis.md), instead of every history entry of every
 *   incident whose state changed in the period.
 * - itsm_record_facts (record_id, name, start_at) with end_at and value
 *   replaces (record_id, name, start_at) of 20261203080000: whether a
 *   record's interval overlaps a period, from the index alone.
 */

/**
 * @param {import('knex').Knex} knex
 */
function isPostgres(knex) {
  return knex.client.config.client === 'pg';
}

/** The generated columns: name, SQL type per database, and what they hold. */
const COLUMNS = [
  { name: 'send_back_count', field: 'sendBackCount', kind: 'number' },
  { name: 'reassignment_count', field: 'reassignmentCount', kind: 'number' },
  { name: 'reopen_count', field: 'reopenCount', kind: 'number' },
  { name: 'escalated', field: 'escalated', kind: 'flag' },
  { name: 'major', field: 'major', kind: 'flag' },
  { name: 'outcome', field: 'outcome', kind: 'string' },
  { name: 'change_type', field: 'changeType', kind: 'string' },
];

/**
 * PostgreSQL: the column's type and expression over `data`.
 *
 * @param {{ field: string, kind: string }} column
 */
function pgColumn({ field, kind }) {
  const value = `(data::json -> '${field}')`;
  if (kind === 'number') {
    return `numeric GENERATED ALWAYS AS (CASE WHEN json_typeof(${value}) = 'number'
      THEN (data::json ->> '${field}')::numeric ELSE 0 END) STORED`;
  }
  if (kind === 'flag') {
    return `smallint GENERATED ALWAYS AS (CASE WHEN ${value}::text = 'true'
      THEN 1 ELSE 0 END) STORED`;
  }
  return `text GENERATED ALWAYS AS (CASE WHEN json_typeof(${value}) = 'string'
    THEN data::json ->> '${field}' END) STORED`;
}

/**
 * SQLite: the column's type and expression over `data`.
 *
 * @param {{ field: string, kind: string }} column
 */
function sqliteColumn({ field, kind }) {
  const type = `json_type(data, '$.${field}')`;
  if (kind === 'number') {
    return `NUMERIC GENERATED ALWAYS AS (CASE WHEN ${type} IN ('integer', 'real')
      THEN json_extract(data, '$.${field}') ELSE 0 END) VIRTUAL`;
  }
  if (kind === 'flag') {
    return `INTEGER GENERATED ALWAYS AS (CASE WHEN ${type} = 'true'
      THEN 1 ELSE 0 END) VIRTUAL`;
  }
  return `TEXT GENERATED ALWAYS AS (CASE WHEN ${type} = 'text'
    THEN json_extract(data, '$.${field}') END) VIRTUAL`;
}

/**
 * The new indexes: table, name, key columns, and the columns PostgreSQL
 * includes (SQLite appends them to the key), and an optional predicate.
 *
 * @type {Array<{ table: string, name: string, keys: string[], include: string[], where?: string }>}
 */
const INDEXES = [
  {
    table: 'itsm_records',
    name: 'itsm_records_type_state_priority_idx',
    keys: ['type', 'state', 'priority'],
    include: [],
  },
  {
    table: 'itsm_records',
    name: 'itsm_records_type_created_counts_idx',
    keys: ['type', 'created_at'],
    include: [
      'id',
      'send_back_count',
      'reassignment_count',
      'escalated',
      'major',
      'change_type',
    ],
  },
  {
    table: 'itsm_records',
    name: 'itsm_records_type_state_changed_counts_idx',
    keys: ['type', 'state_changed_at'],
    include: ['id', 'state', 'created_at', 'key', 'outcome', 'reopen_count'],
  },
  {
    table: 'itsm_history',
    name: 'itsm_history_resolved_idx',
    keys: ['at', 'record_id'],
    include: [],
    where: `field = 'state' AND to_value = '"resolved"'`,
  },
  {
    table: 'itsm_record_facts',
    name: 'itsm_record_facts_record_interval_idx',
    keys: ['record_id', 'name', 'start_at'],
    include: ['end_at', 'value'],
  },
];

/** The indexes the new ones replace: table, name, columns. */
const REPLACED = [
  {
    table: 'itsm_records',
    name: 'itsm_records_type_state_idx',
    columns: ['type', 'state'],
  },
  {
    table: 'itsm_records',
    name: 'itsm_records_type_created_idx',
    columns: ['type', 'created_at'],
  },
  {
    table: 'itsm_record_facts',
    name: 'itsm_record_facts_record_name_idx',
    columns: ['record_id', 'name', 'start_at'],
  },
];

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  const pg = isPostgres(knex);
  if (pg) {
    // One rewrite of the table for all of them.
    await knex.raw(
      `ALTER TABLE itsm_records ${COLUMNS.map(
        c => `ADD COLUMN ${c.name} ${pgColumn(c)}`,
      ).join(', ')}`,
    );
  } else {
    for (const c of COLUMNS) {
      await knex.raw(
        `ALTER TABLE itsm_records ADD COLUMN ${c.name} ${sqliteColumn(c)}`,
      );
    }
  }
  for (const r of REPLACED) {
    await knex.raw(`DROP INDEX ${r.name}`);
  }
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
  if (pg) {
    // The planner's statistics of the new columns and indexes.
    await knex.raw('ANALYZE itsm_records');
  }
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  for (const i of INDEXES) {
    await knex.raw(`DROP INDEX ${i.name}`);
  }
  for (const r of REPLACED) {
    await knex.raw(
      `CREATE INDEX ${r.name} ON ${r.table} (${r.columns.join(', ')})`,
    );
  }
  for (const c of [...COLUMNS].reverse()) {
    await knex.raw(`ALTER TABLE itsm_records DROP COLUMN ${c.name}`);
  }
};
