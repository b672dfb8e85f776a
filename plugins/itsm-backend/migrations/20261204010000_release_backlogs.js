// @ts-check

/*
 * One backlog release per service, by constraint (issue 19).
 *
 * An RFC handed to release management joins the backlog release of its
 * service (its System, else its first entity). The hand-over looked for the
 * backlog and created one when there was none: two concurrent hand-overs on
 * a service without a backlog could both create one. A service's backlog is
 * now claimed in this table (the service ref is its primary key) before the
 * release is created, in the same transaction; the claim that loses waits
 * for the winner and then joins its backlog.
 *
 * Existing backlogs are registered here under their first entity, the
 * oldest one (lowest key number) where a service already had several; the
 * others stay as they are, with their RFCs.
 */

/** @param {import('knex').Knex} knex */
exports.up = async function up(knex) {
  await knex.schema.createTable('itsm_release_backlogs', table => {
    table.comment('The backlog release of each service, one per service');
    table
      .text('service_ref')
      .primary()
      .comment('The System (else the entity) whose backlog this is');
    table
      .uuid('release_id')
      .nullable()
      .references('id')
      .inTable('itsm_records')
      .onDelete('CASCADE')
      .comment(
        'The backlog release; null only inside the claiming transaction',
      );
  });
  const rows = await knex('itsm_records as r')
    .join('itsm_record_entities as e', 'e.record_id', 'r.id')
    .where('r.type', 'releases')
    .where('r.state', 'backlog')
    .where('e.position', 0)
    .select({ serviceRef: 'e.entity_ref', id: 'r.id', seq: 'r.seq' })
    .orderBy('r.seq', 'asc');
  const first = new Map();
  for (const row of rows) {
    if (!first.has(row.serviceRef)) first.set(row.serviceRef, row.id);
  }
  const claims = [...first].map(([service_ref, release_id]) => ({
    service_ref,
    release_id,
  }));
  for (let i = 0; i < claims.length; i += 500) {
    await knex('itsm_release_backlogs').insert(claims.slice(i, i + 500));
  }
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('itsm_release_backlogs');
};
