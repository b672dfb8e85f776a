// @ts-check

/*
 * Public and internal comments (docs/service-desk.md).
 *
 * Every comment gets a `visibility`: `public` (every comment so far, and the
 * default) or `internal`, a work note listed only to those who work the
 * record. A comment list reads by (record_id, visibility, id): the reader who
 * may not see internal notes pages by keyset on the public ones alone and
 * counts them on the same index; the one who may reads (record_id, id) as
 * before.
 *
 * Reversible: down drops the index and the column (internal notes become
 * ordinary comments of the old schema, which had no notion of them).
 */

const INDEX = {
  name: 'itsm_comments_record_visibility_idx',
  columns: ['record_id', 'visibility', 'id'],
};

/** @param {import('knex').Knex} knex */
exports.up = async function up(knex) {
  await knex.schema.alterTable('itsm_comments', table => {
    table
      .string('visibility', 16)
      .notNullable()
      .defaultTo('public')
      .comment(
        'public, or internal: a work note for those who work the record',
      );
  });
  await knex.schema.alterTable('itsm_comments', table => {
    table.index(INDEX.columns, INDEX.name);
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('itsm_comments', table => {
    table.dropIndex(INDEX.columns, INDEX.name);
  });
  await knex.schema.alterTable('itsm_comments', table => {
    table.dropColumn('visibility');
  });
};
