import { Knex } from 'knex';
import { SEQUENCES } from './rows';

/**
 * Hands out the next number of a key sequence (a record type's, or another
 * numbered thing's such as CAB meetings), inside the transaction that uses
 * it: never reused, since a rolled-back transaction takes its number back
 * with it and the row lock orders concurrent ones.
 */
export async function nextSequenceValue(
  trx: Knex.Transaction,
  name: string,
): Promise<number> {
  const increment = () =>
    trx(SEQUENCES)
      .where({ type: name })
      .update({ last_value: trx.raw('?? + 1', ['last_value']) });
  let updated = await increment();
  if (updated === 0) {
    await trx(SEQUENCES)
      .insert({ type: name, last_value: 0 })
      .onConflict('type')
      .ignore();
    updated = await increment();
  }
  const row: { last_value: number | string } | undefined = await trx(SEQUENCES)
    .where({ type: name })
    .first('last_value');
  if (updated !== 1 || !row) {
    throw new Error(`Could not allocate a key for ${name}`);
  }
  return Number(row.last_value);
}
