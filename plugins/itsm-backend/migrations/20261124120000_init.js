// @ts-check

/*
 * Initial schema of the ITSM backend.
 *
 * Timestamps are stored as ISO 8601 text (always in the form produced by
 * Date.prototype.toISOString, e.g. 2026-11-24T12:00:00.000Z), so they
 * round-trip identically on PostgreSQL and SQLite and compare correctly as
 * strings. JSON values (record data, history from/to) are stored as JSON text.
 */

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('itsm_records', table => {
    table.comment('ITSM records of every type (incidents, problems, ...)');
    table.uuid('id').primary().notNullable();
    table
      .string('type', 32)
      .notNullable()
      .comment('Record type, e.g. incidents');
    table
      .string('key', 64)
      .notNullable()
      .unique()
      .comment('Human key, e.g. INC-12');
    table.integer('seq').notNullable().comment('The number in the key');
    table.text('title').notNullable();
    table.text('description').notNullable();
    table.string('state', 64).notNullable();
    table.string('priority', 16).nullable();
    table.text('assigned_group').nullable();
    table.text('assignee').nullable();
    table
      .text('data')
      .notNullable()
      .comment('Type specific fields as JSON text');
    table.text('created_by').notNullable();
    table.text('updated_by').notNullable();
    table.string('created_at', 32).notNullable();
    table.string('updated_at', 32).notNullable();
    table.string('state_changed_at', 32).notNullable();
    table.integer('version').notNullable();

    table.unique(['type', 'seq'], { indexName: 'itsm_records_type_seq_uniq' });
    table.index(['type', 'state'], 'itsm_records_type_state_idx');
    table.index(['type', 'priority'], 'itsm_records_type_priority_idx');
    table.index(['type', 'assigned_group'], 'itsm_records_type_group_idx');
    table.index(['created_by'], 'itsm_records_created_by_idx');
    table.index(
      ['type', 'state', 'state_changed_at'],
      'itsm_records_type_state_changed_idx',
    );
  });

  await knex.schema.createTable('itsm_record_entities', table => {
    table.comment('Catalog entities a record concerns, in the order given');
    table
      .uuid('record_id')
      .notNullable()
      .references('id')
      .inTable('itsm_records')
      .onDelete('CASCADE');
    table.integer('position').notNullable();
    table.text('entity_ref').notNullable();
    table.primary(['record_id', 'position'], 'itsm_record_entities_pk');
    table.index(['entity_ref'], 'itsm_record_entities_ref_idx');
  });

  await knex.schema.createTable('itsm_record_owners', table => {
    table.comment('Owner refs of the entities a record concerns');
    table
      .uuid('record_id')
      .notNullable()
      .references('id')
      .inTable('itsm_records')
      .onDelete('CASCADE');
    table.integer('position').notNullable();
    table.text('owner_ref').notNullable();
    table.primary(['record_id', 'position'], 'itsm_record_owners_pk');
    table.index(['owner_ref'], 'itsm_record_owners_ref_idx');
  });

  await knex.schema.createTable('itsm_key_sequences', table => {
    table.comment('Last key number handed out per record type');
    table.string('type', 32).primary().notNullable();
    table.integer('last_value').notNullable().defaultTo(0);
  });

  await knex.schema.createTable('itsm_history', table => {
    table.comment('Immutable history of record changes');
    table.bigIncrements('id');
    table
      .uuid('record_id')
      .notNullable()
      .references('id')
      .inTable('itsm_records')
      .onDelete('CASCADE');
    table.string('at', 32).notNullable();
    table.text('actor').notNullable();
    table.string('action', 64).notNullable();
    table.string('field', 128).nullable();
    table.text('from_value').nullable().comment('JSON text');
    table.text('to_value').nullable().comment('JSON text');
    table.index(['record_id'], 'itsm_history_record_idx');
  });

  await knex.schema.createTable('itsm_comments', table => {
    table.bigIncrements('id');
    table
      .uuid('record_id')
      .notNullable()
      .references('id')
      .inTable('itsm_records')
      .onDelete('CASCADE');
    table.text('author').notNullable();
    table.text('body').notNullable();
    table.string('created_at', 32).notNullable();
    table.index(['record_id'], 'itsm_comments_record_idx');
  });

  await knex.schema.createTable('itsm_links', table => {
    table.comment('Directed links between records');
    table
      .uuid('from_id')
      .notNullable()
      .references('id')
      .inTable('itsm_records')
      .onDelete('CASCADE');
    table
      .uuid('to_id')
      .notNullable()
      .references('id')
      .inTable('itsm_records')
      .onDelete('CASCADE');
    table.string('kind', 64).notNullable();
    table.text('created_by').notNullable();
    table.string('created_at', 32).notNullable();
    table.primary(['from_id', 'to_id', 'kind'], 'itsm_links_pk');
    table.index(['to_id'], 'itsm_links_to_idx');
  });

  await knex.schema.createTable('itsm_approvals', table => {
    table.bigIncrements('id');
    table
      .uuid('record_id')
      .notNullable()
      .references('id')
      .inTable('itsm_records')
      .onDelete('CASCADE');
    table.text('approver_ref').notNullable();
    table.string('decision', 16).notNullable();
    table.text('reason').nullable();
    table.text('decided_by').notNullable();
    table.string('decided_at', 32).notNullable();
    table.boolean('superseded').notNullable().defaultTo(false);
    table.index(['record_id'], 'itsm_approvals_record_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('itsm_approvals');
  await knex.schema.dropTable('itsm_links');
  await knex.schema.dropTable('itsm_comments');
  await knex.schema.dropTable('itsm_history');
  await knex.schema.dropTable('itsm_key_sequences');
  await knex.schema.dropTable('itsm_record_owners');
  await knex.schema.dropTable('itsm_record_entities');
  await knex.schema.dropTable('itsm_records');
};
