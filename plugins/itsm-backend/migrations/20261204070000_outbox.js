// @ts-check

/*
 * A transactional outbox for notifications (issue 20). A write that decides
 * a notification records it here in its own transaction; it is delivered
 * after the commit and, when that fails or the instance dies first, by a
 * scheduled task until delivered. A delivery claims its row for a short
 * lease, so two instances never send one row at the same time.
 */

/** @param {import('knex').Knex} knex */
exports.up = async function up(knex) {
  await knex.schema.createTable('itsm_outbox', table => {
    table.comment('Notifications decided by committed writes, until delivered');
    table.bigIncrements('id').primary();
    table.text('payload').notNullable().comment('The notification (JSON)');
    table.text('created_at').notNullable();
    table.integer('attempts').notNullable().defaultTo(0);
    table
      .text('claimed_until')
      .nullable()
      .comment('A delivery holds the row until then');
    table.text('delivered_at').nullable();
    table.text('last_error').nullable();
    table.index(['delivered_at', 'claimed_until'], 'itsm_outbox_due_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('itsm_outbox');
};
