import { ItsmRecord } from '@backstage-itsm/plugin-itsm-common';
import { Response } from 'express';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { recordCsvHeader, recordCsvRows } from '../engine/recordCsv';

/**
 * Streams a list as CSV (`GET /{type}?format=csv`): the first batch is read
 * before anything is sent, so a bad query (sort, cursor, permission) still
 * answers its error; then the header and every batch, the next read when
 * the client has taken the ones before (a stream pipeline's backpressure).
 * A failure after the start breaks the connection, so a client never takes
 * a cut file for the whole list.
 */
export async function sendCsv(
  res: Response,
  type: string,
  batches: AsyncGenerator<ItsmRecord[]>,
): Promise<void> {
  const first = await batches.next();
  async function* chunks() {
    yield recordCsvHeader();
    for (let step = first; !step.done; step = await batches.next()) {
      yield recordCsvRows(step.value);
    }
  }
  res.status(200).type('text/csv').attachment(`${type}.csv`);
  try {
    await pipeline(Readable.from(chunks()), res);
  } catch (error) {
    res.destroy(error as Error);
  } finally {
    await batches.return(undefined);
  }
}
