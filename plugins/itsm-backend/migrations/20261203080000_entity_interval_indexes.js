// @ts-check

/*
 * The interval facts of the records of some entities (store/
 * availabilityQueries.ts: the outages and change windows of a System and its
 * parts over a period, for availability and SLA reports), read in one query
 * driven from the entities:
 *
 * - itsm_record_entities (entity_ref, record_id): the records of each entity
 *   in record order, from the index alone; the query's order and cursor.
 * - itsm_record_facts (record_id, name, start_at): a record's fact of a name,
 *   with the period's start condition in the index. Without it SQLite probes
 *   every fact of the name through (name, start_at) for each record, which
 *   grows with all the records there are.
 *
 * Both extend an index that stays (entity_ref; record_id): other queries and
 * their plans are unchanged.
 */

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('itsm_record_entities', table => {
    table.index(
      ['entity_ref', 'record_id'],
      'itsm_record_entities_ref_record_idx',
    );
  });
  await knex.schema.alterTable('itsm_record_facts', table => {
    table.index(
      ['record_id', 'name', 'start_at'],
      'itsm_record_facts_record_name_idx',
    );
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('itsm_record_facts', table => {
    table.dropIndex(
      ['record_id', 'name', 'start_at'],
      'itsm_record_facts_record_name_idx',
    );
  });
  await knex.schema.alterTable('itsm_record_entities', table => {
    table.dropIndex(
      ['entity_ref', 'record_id'],
      'itsm_record_entities_ref_record_idx',
    );
  });
};
