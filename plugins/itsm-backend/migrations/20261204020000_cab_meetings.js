// @ts-check

/*
 * CAB meetings (issue 19): a change advisory board meets for one service,
 * votes on the RFCs of that service's backlog, and decides each by the
 * two-thirds rule over its whole membership (itsm-common `cabTally`).
 *
 * - itsm_cab_meetings: the meeting, its key (CAB-n), service, date,
 *   submission deadline (the agenda freezes after it), state, the next
 *   meeting's date (set before closing), the minutes (JSON text, written at
 *   close) and the release it registered.
 * - itsm_cab_members: the members, frozen when the meeting is created; the
 *   two thirds are counted over them.
 * - itsm_cab_agenda: the RFCs on the agenda with their effort and cost
 *   estimates and, after close, the outcome.
 * - itsm_cab_votes: one vote per member and RFC (primary key), the last one
 *   given before close.
 *
 * New tables only; nothing to move.
 */

/** @param {import('knex').Knex} knex */
exports.up = async function up(knex) {
  await knex.schema.createTable('itsm_cab_meetings', table => {
    table.comment('CAB meetings, one service each');
    table.uuid('id').primary();
    table.integer('seq').notNullable().unique().comment('The n of CAB-n');
    table.string('key', 32).notNullable().unique();
    table.text('service_ref').notNullable().comment('The System (or entity)');
    table.text('title').notNullable();
    table.string('meeting_at', 32).notNullable();
    table.string('submission_deadline', 32).notNullable();
    table
      .string('state', 16)
      .notNullable()
      .comment('planned (agenda open until the deadline) or closed');
    table.string('next_meeting_at', 32).nullable();
    table.text('minutes').nullable().comment('JSON, written at close');
    table
      .uuid('release_id')
      .nullable()
      .references('id')
      .inTable('itsm_records')
      .onDelete('SET NULL')
      .comment('The release registered with the included RFCs');
    table.text('created_by').notNullable();
    table.string('created_at', 32).notNullable();
    table.text('closed_by').nullable();
    table.string('closed_at', 32).nullable();
    table.integer('version').notNullable().defaultTo(1);
    table.index(['service_ref', 'seq'], 'itsm_cab_meetings_service_idx');
  });
  await knex.schema.createTable('itsm_cab_members', table => {
    table.comment('The members of a CAB meeting, frozen at its creation');
    table
      .uuid('meeting_id')
      .notNullable()
      .references('id')
      .inTable('itsm_cab_meetings')
      .onDelete('CASCADE');
    table.text('member_ref').notNullable().comment('A user entity ref');
    table.primary(['meeting_id', 'member_ref']);
  });
  await knex.schema.createTable('itsm_cab_agenda', table => {
    table.comment('The RFCs on the agenda of a CAB meeting');
    table
      .uuid('meeting_id')
      .notNullable()
      .references('id')
      .inTable('itsm_cab_meetings')
      .onDelete('CASCADE');
    table
      .uuid('change_id')
      .notNullable()
      .references('id')
      .inTable('itsm_records')
      .onDelete('CASCADE');
    table.integer('position').notNullable();
    table.float('effort_days').nullable();
    table.float('cost').nullable();
    table
      .string('outcome', 16)
      .nullable()
      .comment('included, rejected or backlog; set at close');
    table.primary(['meeting_id', 'change_id']);
    table.index(['change_id'], 'itsm_cab_agenda_change_idx');
  });
  await knex.schema.createTable('itsm_cab_votes', table => {
    table.comment('One vote per member and RFC of a CAB meeting');
    table.uuid('meeting_id').notNullable();
    table.uuid('change_id').notNullable();
    table.text('member_ref').notNullable();
    table.string('vote', 16).notNullable().comment('include, reject or defer');
    table.string('voted_at', 32).notNullable();
    table.primary(['meeting_id', 'change_id', 'member_ref']);
    table
      .foreign(['meeting_id', 'change_id'])
      .references(['meeting_id', 'change_id'])
      .inTable('itsm_cab_agenda')
      .onDelete('CASCADE');
    table
      .foreign(['meeting_id', 'member_ref'])
      .references(['meeting_id', 'member_ref'])
      .inTable('itsm_cab_members')
      .onDelete('CASCADE');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('itsm_cab_votes');
  await knex.schema.dropTable('itsm_cab_agenda');
  await knex.schema.dropTable('itsm_cab_members');
  await knex.schema.dropTable('itsm_cab_meetings');
};
