// @ts-check

/*
 * CAB meetings: the agenda circulated at the submission deadline, and the
 * effects of a close finished by the plugin when they stopped half-way
 * (docs/release-management.md, releases/cabFollowUp.ts).
 *
 * - circulated_at: when the agenda was circulated to the members. A
 *   scheduled task claims a planned meeting past its deadline by setting it
 *   (`UPDATE ... WHERE circulated_at IS NULL`), in the transaction that
 *   records the members' notification, so the agenda goes out once
 *   whatever the number of instances. Once set, the agenda takes no RFC.
 * - effects_done_at: when the effects of the close (rejected RFCs closed,
 *   the release registered, the included RFCs moved into it) completed.
 * - effects_claimed_until: who runs the effects holds the meeting until
 *   then (the close itself, then the scheduled task once it has passed);
 *   after a failed run, the earliest next try.
 * - effects_attempts: the runs of the effects so far (the wait before the
 *   next try doubles).
 *
 * Existing data: meetings closed before this migration count as done
 * (effects_done_at = closed_at): their effects ran with the close, and
 * running them again months later could move RFCs that have moved on since.
 * Planned meetings past their deadline are circulated by the next run of
 * the task.
 *
 * Reversible: down drops the four columns. It uses ALTER TABLE ... DROP
 * COLUMN on both databases: knex's SQLite way copies the table, and
 * dropping the old copy of itsm_cab_meetings would cascade to its members,
 * agenda and votes.
 */

const COLUMNS = [
  'circulated_at',
  'effects_done_at',
  'effects_claimed_until',
  'effects_attempts',
];

/** @param {import('knex').Knex} knex */
exports.up = async function up(knex) {
  await knex.schema.alterTable('itsm_cab_meetings', table => {
    table
      .string('circulated_at', 32)
      .nullable()
      .comment('When the agenda was circulated to the members');
    table
      .string('effects_done_at', 32)
      .nullable()
      .comment('When the effects of the close completed');
    table
      .string('effects_claimed_until', 32)
      .nullable()
      .comment('The effects are held (or not retried) until then');
    table
      .integer('effects_attempts')
      .notNullable()
      .defaultTo(0)
      .comment('Runs of the effects of the close so far');
  });
  await knex('itsm_cab_meetings')
    .where('state', 'closed')
    .update({ effects_done_at: knex.ref('closed_at') });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  for (const column of [...COLUMNS].reverse()) {
    await knex.raw('ALTER TABLE ?? DROP COLUMN ??', [
      'itsm_cab_meetings',
      column,
    ]);
  }
};
