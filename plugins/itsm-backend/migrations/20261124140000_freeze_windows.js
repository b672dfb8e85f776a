// @ts-check

/*
 * Freeze windows: periods in which changes to everything, a domain, a system
 * or one entity are frozen. Timestamps are ISO 8601 text as in the initial
 * migration.
 */

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('itsm_freeze_windows', table => {
    table.comment('Change freeze windows created through the API');
    table.uuid('id').primary().notNullable();
    table.text('title').notNullable();
    table.text('reason').notNullable();
    table.string('start_at', 32).notNullable();
    table.string('end_at', 32).notNullable();
    table
      .string('scope_kind', 16)
      .notNullable()
      .comment('all, domain, system or entity');
    table.text('scope_ref').nullable().comment('Entity ref unless scope_kind is all');
    table.text('created_by').notNullable();
    table.string('created_at', 32).notNullable();
    table.index(['start_at', 'end_at'], 'itsm_freeze_windows_period_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('itsm_freeze_windows');
};
