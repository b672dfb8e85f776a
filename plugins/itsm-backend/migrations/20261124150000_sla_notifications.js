// @ts-check

/*
 * SLA warnings already sent. The primary key makes each warning (incident,
 * SLA, clock, threshold) exactly-once even when several backend instances
 * sweep the clocks at the same time: the instance whose insert succeeds sends
 * it, the others skip it.
 */

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('itsm_sla_notifications', table => {
    table.comment('SLA clock warnings that have been sent');
    table.uuid('incident_id').notNullable();
    table.uuid('sla_id').notNullable();
    table.string('clock', 16).notNullable().comment('response or resolution');
    table.string('threshold', 16).notNullable().comment('fraction of the target, e.g. 0.75');
    table.string('sent_at', 32).notNullable();
    table.primary(['incident_id', 'sla_id', 'clock', 'threshold'], 'itsm_sla_notifications_pk');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('itsm_sla_notifications');
};
