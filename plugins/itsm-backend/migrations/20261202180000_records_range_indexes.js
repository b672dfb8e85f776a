// @ts-check

/*
 * Ranges of records read in order:
 * - by type and creation time: the reports of a term, the incident history
 *   of a change assessment and the process figures of a period select by
 *   `created_at` (an indexed range, not a scan of every record of a type);
 * - by type and state in key order: the SLA sweep pages the open incidents
 *   newest first (a range scan per page, not a sort of every open one).
 */

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('itsm_records', table => {
    table.index(['type', 'created_at'], 'itsm_records_type_created_idx');
    table.index(['type', 'state', 'seq'], 'itsm_records_type_state_seq_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('itsm_records', table => {
    table.dropIndex(['type', 'created_at'], 'itsm_records_type_created_idx');
    table.dropIndex(
      ['type', 'state', 'seq'],
      'itsm_records_type_state_seq_idx',
    );
  });
};
