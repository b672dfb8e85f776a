// @ts-check

/*
 * The plan of a release (issue 19): the changes its coordination is split
 * into, one per change coordinator, with durations and dependencies, and
 * the changes added after a partial failure (to finish, or to back out).
 *
 * A release's plan is read whole (its timeline) and counted for the release
 * KPIs, so it lives in typed columns rather than inside the changes' JSON
 * data. "One per change coordinator" is a partial unique index: two
 * concurrent requests cannot give one coordinator two delivering changes.
 */

/** @param {import('knex').Knex} knex */
exports.up = async function up(knex) {
  await knex.schema.createTable('itsm_release_changes', table => {
    table.comment('The changes of each release plan');
    table
      .uuid('change_id')
      .primary()
      .references('id')
      .inTable('itsm_records')
      .onDelete('CASCADE')
      .comment('The change');
    table
      .uuid('release_id')
      .notNullable()
      .references('id')
      .inTable('itsm_records')
      .onDelete('CASCADE')
      .comment('The release whose plan it belongs to');
    table
      .text('coordinator')
      .notNullable()
      .comment('The change coordinator (user ref) who runs it');
    table
      .text('purpose')
      .notNullable()
      .comment('deliver, or after a partial failure finish or backout');
    table
      .double('duration_days')
      .notNullable()
      .comment('Planned duration in days');
    table
      .text('depends_on')
      .notNullable()
      .defaultTo('[]')
      .comment('JSON list of the keys of changes of the plan it waits for');
    table.text('created_at').notNullable();
    table.text('created_by').notNullable();
    table.index(['release_id'], 'itsm_release_changes_release_idx');
    table.index(['purpose', 'created_at'], 'itsm_release_changes_purpose_idx');
  });
  await knex.raw(
    `CREATE UNIQUE INDEX itsm_release_changes_one_per_coordinator
       ON itsm_release_changes (release_id, coordinator)
       WHERE purpose = 'deliver'`,
  );
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('itsm_release_changes');
};
