// @ts-check

/*
 * Lists and their totals from indexes (store/recordLists.ts):
 *
 * 1. The records of an entity in list order, from one index.
 *
 * itsm_record_entities gets the type and the key number of its record
 * (`record_type`, `record_seq`: copies of itsm_records.type and .seq, which
 * never change after the insert), and the index
 * (entity_ref, record_type, record_seq). A list of one entity's records of a
 * type, newest first, is then a range of that index read backwards: its page
 * is the first entries of the range, each record found by (type, seq), and
 * its total a count of the range from the index alone. Before, both went
 * through every record of the entity (the total of a hub's incidents read
 * every incident; see docs/performance.md).
 *
 * The store writes the two columns with every entity row (store/
 * transaction.ts, store/bulkInsert.ts). Existing rows get them from their
 * records here: on PostgreSQL by an update of the table, on SQLite (which
 * cannot add a NOT NULL column without a default) by rebuilding the table
 * with the same columns, keys and indexes plus the new ones.
 *
 * 2. A team's queue: itsm_records (type, assigned_group, state, priority,
 * seq) replaces (type, assigned_group). A list filtered by group, state and
 * priority (one value each) is a range of it in key order, its total a count
 * of the range in the index alone; with several values, or without state or
 * priority, the index still holds every condition, so only the records of
 * the page are read. Before, both read every record of the group.
 */

/**
 * @param {import('knex').Knex} knex
 */
function isPostgres(knex) {
  return knex.client.config.client === 'pg';
}

const INDEX = 'itsm_record_entities_ref_type_seq_idx';
const QUEUE_COLUMNS = ['type', 'assigned_group', 'state', 'priority', 'seq'];
const QUEUE_INDEX = 'itsm_records_type_group_state_priority_seq_idx';
const GROUP_COLUMNS = ['type', 'assigned_group'];
const GROUP_INDEX = 'itsm_records_type_group_idx';

/**
 * The entity rows as the initial migration and 20261203080000 made them,
 * with `extra` columns.
 *
 * @param {import('knex').Knex} knex
 * @param {string} name
 * @param {(table: import('knex').Knex.CreateTableBuilder) => void} extra
 */
async function createEntities(knex, name, extra) {
  await knex.schema.createTable(name, table => {
    table.comment('Catalog entities a record concerns, in the order given');
    table
      .uuid('record_id')
      .notNullable()
      .references('id')
      .inTable('itsm_records')
      .onDelete('CASCADE');
    table.integer('position').notNullable();
    table.text('entity_ref').notNullable();
    extra(table);
    table.primary(['record_id', 'position'], 'itsm_record_entities_pk');
  });
}

/**
 * SQLite: replaces itsm_record_entities by a copy with `extra` columns,
 * filled by `select`, and creates its indexes.
 *
 * @param {import('knex').Knex} knex
 * @param {(table: import('knex').Knex.CreateTableBuilder) => void} extra
 * @param {string} insert
 */
async function rebuildSqlite(knex, extra, insert) {
  await createEntities(knex, 'itsm_record_entities_new', extra);
  await knex.raw(insert);
  await knex.schema.dropTable('itsm_record_entities');
  await knex.schema.renameTable(
    'itsm_record_entities_new',
    'itsm_record_entities',
  );
  await knex.schema.alterTable('itsm_record_entities', table => {
    table.index(['entity_ref'], 'itsm_record_entities_ref_idx');
    table.index(
      ['entity_ref', 'record_id'],
      'itsm_record_entities_ref_record_idx',
    );
  });
}

/**
 * PostgreSQL: both tables locked at once, records first, as readers take
 * them. Otherwise a reader holding itsm_records and waiting for the entity
 * rows this migration alters deadlocks with it when it drops the records'
 * index (measured on a running portal's database).
 *
 * @param {import('knex').Knex} knex
 */
async function lockBoth(knex) {
  await knex.raw(
    'LOCK TABLE itsm_records, itsm_record_entities IN ACCESS EXCLUSIVE MODE',
  );
}

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  if (isPostgres(knex)) {
    await lockBoth(knex);
    await knex.schema.alterTable('itsm_record_entities', table => {
      table.string('record_type', 32).nullable();
      table.integer('record_seq').nullable();
    });
    await knex.raw(`UPDATE itsm_record_entities e
      SET record_type = r.type, record_seq = r.seq
      FROM itsm_records r WHERE r.id = e.record_id`);
    await knex.raw(`ALTER TABLE itsm_record_entities
      ALTER COLUMN record_type SET NOT NULL,
      ALTER COLUMN record_seq SET NOT NULL`);
  } else {
    await rebuildSqlite(
      knex,
      table => {
        table.string('record_type', 32).notNullable();
        table.integer('record_seq').notNullable();
      },
      `INSERT INTO itsm_record_entities_new
        (record_id, position, entity_ref, record_type, record_seq)
      SELECT e.record_id, e.position, e.entity_ref, r.type, r.seq
      FROM itsm_record_entities e JOIN itsm_records r ON r.id = e.record_id`,
    );
  }
  await knex.schema.alterTable('itsm_record_entities', table => {
    table.index(['entity_ref', 'record_type', 'record_seq'], INDEX);
  });
  await knex.schema.alterTable('itsm_records', table => {
    table.index(QUEUE_COLUMNS, QUEUE_INDEX);
    table.dropIndex(GROUP_COLUMNS, GROUP_INDEX);
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  if (isPostgres(knex)) await lockBoth(knex);
  await knex.schema.alterTable('itsm_records', table => {
    table.index(GROUP_COLUMNS, GROUP_INDEX);
    table.dropIndex(QUEUE_COLUMNS, QUEUE_INDEX);
  });
  await knex.schema.alterTable('itsm_record_entities', table => {
    table.dropIndex(['entity_ref', 'record_type', 'record_seq'], INDEX);
  });
  if (isPostgres(knex)) {
    await knex.schema.alterTable('itsm_record_entities', table => {
      table.dropColumns('record_type', 'record_seq');
    });
    return;
  }
  await rebuildSqlite(
    knex,
    () => {},
    `INSERT INTO itsm_record_entities_new (record_id, position, entity_ref)
    SELECT record_id, position, entity_ref FROM itsm_record_entities`,
  );
};
