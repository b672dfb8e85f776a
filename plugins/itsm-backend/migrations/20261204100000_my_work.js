// @ts-check

/*
 * "My work" (GET /work, store/workQueries.ts): each section is a query on
 * indexed columns, one page at a time in (created_at, id) order.
 *
 * - itsm_record_facts gets `subject` and `amount`: a fact about something a
 *   record names (the approver a decider decides for, and that approver's
 *   quorum). A change's `approvalDecider` facts (value: who decides, subject:
 *   for which required approver, amount: its quorum) let the approvals
 *   awaiting a caller be found by the caller's claims through the
 *   (name, value) index, the decisions of the round through the approvals'
 *   record index. Existing records get the new facts when the store
 *   rewrites the facts of an older derivation at start-up (RECORD_FACTS).
 * - itsm_records (assignee, state): the open records assigned to a person.
 *   A group's queue uses (type, assigned_group, state, priority, seq).
 * - itsm_records (created_at, id): the order of every section.
 *
 * Reversible: down drops the indexes and the two columns (ALTER TABLE ...
 * DROP COLUMN on both databases, as 20261204090000_cab_circulation.js).
 */

const ASSIGNEE_INDEX = 'itsm_records_assignee_state_idx';
const ORDER_INDEX = 'itsm_records_created_id_idx';

/** @param {import('knex').Knex} knex */
exports.up = async function up(knex) {
  await knex.schema.alterTable('itsm_record_facts', table => {
    table
      .text('subject')
      .nullable()
      .comment(
        'What the fact is about, e.g. the approver a decider decides for',
      );
    table
      .integer('amount')
      .nullable()
      .comment('A number the fact carries, e.g. the quorum of that approver');
  });
  await knex.schema.alterTable('itsm_records', table => {
    table.index(['assignee', 'state'], ASSIGNEE_INDEX);
    table.index(['created_at', 'id'], ORDER_INDEX);
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('itsm_records', table => {
    table.dropIndex(['assignee', 'state'], ASSIGNEE_INDEX);
    table.dropIndex(['created_at', 'id'], ORDER_INDEX);
  });
  for (const column of ['amount', 'subject']) {
    await knex.raw('ALTER TABLE ?? DROP COLUMN ??', [
      'itsm_record_facts',
      column,
    ]);
  }
};
