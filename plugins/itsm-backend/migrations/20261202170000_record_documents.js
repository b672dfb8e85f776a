// @ts-check

/*
 * Large derived fields of a record's data, kept apart from `itsm_records.data`
 * so that lists neither read nor parse them: a change's assessment (every
 * affected entity with its dependency path: megabytes for a change to a hub).
 * The store writes them with the record and adds them back to the record on
 * single-record reads; lists leave them out.
 *
 * Moves the assessments of existing changes out of their data (and back on
 * the way down), in batches.
 */

const BATCH = 200;

/**
 * @param {import('knex').Knex} knex
 * @param {(data: Record<string, unknown>, id: string) => Promise<Record<string, unknown> | undefined>} rewrite
 */
async function rewriteChanges(knex, rewrite) {
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const rows = await knex('itsm_records')
      .select('id', 'data')
      .where('type', 'changes')
      .where('id', '>', after)
      .orderBy('id')
      .limit(BATCH);
    if (rows.length === 0) return;
    for (const row of rows) {
      const data = await rewrite(JSON.parse(row.data), row.id);
      if (data) {
        await knex('itsm_records')
          .where('id', row.id)
          .update({ data: JSON.stringify(data) });
      }
    }
    after = rows[rows.length - 1].id;
  }
}

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('itsm_record_documents', table => {
    table.comment('Large derived fields of record data, read with one record');
    table
      .uuid('record_id')
      .notNullable()
      .references('id')
      .inTable('itsm_records')
      .onDelete('CASCADE');
    table.string('field', 64).notNullable().comment('The field of `data`');
    table.text('body').notNullable().comment('Its value as JSON text');
    table.primary(['record_id', 'field'], 'itsm_record_documents_pk');
  });
  await rewriteChanges(knex, async (data, id) => {
    if (!('assessment' in data)) return undefined;
    const { assessment, ...rest } = data;
    await knex('itsm_record_documents').insert({
      record_id: id,
      field: 'assessment',
      body: JSON.stringify(assessment),
    });
    return rest;
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await rewriteChanges(knex, async (data, id) => {
    const doc = await knex('itsm_record_documents')
      .where({ record_id: id, field: 'assessment' })
      .first('body');
    return doc ? { ...data, assessment: JSON.parse(doc.body) } : undefined;
  });
  await knex.schema.dropTable('itsm_record_documents');
};
