// @ts-check

/*
 * Idempotent writes (issue 20): a create or a transition sent with an
 * `Idempotency-Key` header records its answer here, in the transaction of
 * the write. A retry with the same key gets that answer instead of writing
 * again; two requests racing with one key write once (the primary key).
 * Entries older than a day no longer count and are replaced.
 */

/** @param {import('knex').Knex} knex */
exports.up = async function up(knex) {
  await knex.schema.createTable('itsm_idempotency_keys', table => {
    table.comment(
      'The first answer of each idempotent write, per caller and key',
    );
    table.text('caller').notNullable().comment('The user ref of the caller');
    table.text('key').notNullable().comment('The Idempotency-Key header');
    table
      .text('operation')
      .notNullable()
      .comment('Method and path of the write, e.g. POST /changes');
    table
      .text('request_hash')
      .notNullable()
      .comment('SHA-256 of the request body (canonical JSON)');
    table.integer('status').notNullable().comment('The HTTP status answered');
    table.text('answer').notNullable().comment('The JSON answered');
    table.text('created_at').notNullable();
    table.primary(['caller', 'key']);
    table.index(['created_at'], 'itsm_idempotency_keys_created_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('itsm_idempotency_keys');
};
