// @ts-check

/*
 * Outage escalations to the service owner, one per outage (incident and
 * outage start), whatever the number of backend instances sweeping: the
 * instance whose claim row survives escalates, in the transaction that writes
 * the claim, the `escalated` marker, the history entry and the notification
 * to deliver (delivered_at is set once it was handed to the notifications
 * service, so a crash after commit delivers it on the next sweep).
 *
 * SLA warnings get a claim id so that a warning can be claimed inside the
 * transaction that writes its history entry (insert ... on conflict do
 * nothing: the claim whose row was inserted won).
 */

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('itsm_sla_escalations', table => {
    table.comment('Outages escalated to the service owner, once per outage');
    table.uuid('incident_id').notNullable();
    table
      .string('outage_start', 32)
      .notNullable()
      .comment('start of the escalated outage (ISO 8601)');
    table
      .uuid('sla_id')
      .notNullable()
      .comment('the SLA whose target it exceeded');
    table.text('service_owner').notNullable();
    table.string('escalated_at', 32).notNullable();
    table.uuid('claim_id').notNullable();
    table
      .text('notification')
      .notNullable()
      .comment('JSON text: recipients, title, description, link');
    table.string('delivered_at', 32).nullable();
    table.primary(['incident_id', 'outage_start'], 'itsm_sla_escalations_pk');
    table.index(['delivered_at'], 'itsm_sla_escalations_delivered_idx');
  });
  await knex.schema.alterTable('itsm_sla_notifications', table => {
    table.uuid('claim_id').nullable();
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('itsm_sla_notifications', table => {
    table.dropColumn('claim_id');
  });
  await knex.schema.dropTable('itsm_sla_escalations');
};
