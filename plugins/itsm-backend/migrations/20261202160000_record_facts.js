// @ts-check

/*
 * Facts derived from a record's type-specific data (the JSON text `data`),
 * as typed, indexed rows, so that rules that ask about them are SQL queries
 * instead of reads of every record: intervals (an incident's outage, a
 * change's implementation window) as range queries on start/end, and
 * references (the change that caused an incident, the parties of an SLA or a
 * change, the entities a change affects) as equality lookups.
 *
 * The store writes a record's facts in the transaction that writes the
 * record. `itsm_records.facts_version` says which derivation wrote them: at
 * start-up the store rewrites the facts of every record written by an older
 * one (existing records get theirs the first time, so this migration moves
 * no data itself and the derivation has one home, the code).
 */

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('itsm_record_facts', table => {
    table.comment('Facts derived from record data, indexed for queries');
    table
      .uuid('record_id')
      .notNullable()
      .references('id')
      .inTable('itsm_records')
      .onDelete('CASCADE');
    table
      .string('name', 64)
      .notNullable()
      .comment('What the fact is, e.g. outage, window, party, causedByChange');
    table
      .text('value')
      .notNullable()
      .comment('The referenced key or entity ref, or the kind of interval');
    table
      .string('start_at', 32)
      .nullable()
      .comment('Start of an interval fact (ISO 8601)');
    table
      .string('end_at', 32)
      .nullable()
      .comment('End of an interval fact (ISO 8601); null while open');
    table.index(['record_id'], 'itsm_record_facts_record_idx');
    table.index(['name', 'value'], 'itsm_record_facts_value_idx');
    table.index(['name', 'start_at'], 'itsm_record_facts_start_idx');
    table.index(['name', 'end_at'], 'itsm_record_facts_end_idx');
  });
  await knex.schema.alterTable('itsm_records', table => {
    table
      .integer('facts_version')
      .notNullable()
      .defaultTo(0)
      .comment('Version of the derivation that wrote the record facts');
    table.index(['facts_version'], 'itsm_records_facts_version_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('itsm_records', table => {
    table.dropIndex(['facts_version'], 'itsm_records_facts_version_idx');
    table.dropColumn('facts_version');
  });
  await knex.schema.dropTable('itsm_record_facts');
};
