import { ItsmRecordType } from '@backstage-itsm/plugin-itsm-common';
import { Knex } from 'knex';
import { Queries } from './queries';
import {
  checkLimit,
  Db,
  ENTITIES,
  HISTORY,
  HistoryRow,
  RECORDS,
  RecordRow,
  toHistoryEntry,
} from './rows';
import { SLA_ESCALATIONS, SLA_NOTIFICATIONS } from './slaWarnings';
import {
  HistoryEntry,
  SlaClaims,
  StoredRecord,
  SweepPage,
  SweepReads,
} from './types';

/**
 * Restricts `column` to `values` with one bound parameter, however many
 * values there are: an array on PostgreSQL (`= any(?)`), a JSON array on
 * SQLite (`in (select value from json_each(?))`). Other databases get a
 * plain IN list.
 */
function whereAmong(
  db: Db,
  query: Knex.QueryBuilder,
  column: string,
  values: readonly string[],
): Knex.QueryBuilder {
  const dialect = db.client.dialect;
  if (dialect === 'postgresql') {
    return query.whereRaw('?? = any(?)', [column, [...values]]);
  }
  if (dialect === 'sqlite3') {
    return query.whereRaw('?? in (select value from json_each(?))', [
      column,
      JSON.stringify(values),
    ]);
  }
  return query.whereIn(column, [...values]);
}

/**
 * The set-based reads of the SLA clocks and their sweep ({@link SweepReads}):
 * each is a fixed number of queries whatever the number of records it is
 * asked about, so a sweep costs a constant number of queries per page of
 * open incidents instead of several per incident.
 */
export class KnexSweepReads implements SweepReads {
  constructor(private readonly queries: Queries) {}

  private get db(): Db {
    return this.queries.db;
  }

  async pageInStates(query: {
    type: ItsmRecordType;
    states: readonly string[];
    limit: number;
    beforeSeq?: number;
  }): Promise<SweepPage> {
    const limit = checkLimit(query.limit);
    const states = [...new Set(query.states)];
    if (states.length === 0) return { items: [] };
    // One range of the (type, state, seq) index per state, newest first,
    // then merged: a page never walks the records of other states. With
    // `state IN (...)` PostgreSQL walked the type's records in key order
    // and filtered them, so the last page read every closed incident (6 s
    // at full scale, docs/performance.md).
    const [first, ...rest] = states.map((state, i) => {
      const range = this.db(`${RECORDS} as r`)
        .select('r.*')
        .where('r.type', query.type)
        .where('r.state', state)
        .orderBy('r.seq', 'desc')
        .limit(limit + 1);
      if (query.beforeSeq !== undefined) {
        range.where('r.seq', '<', query.beforeSeq);
      }
      // A subquery: SQLite takes no ORDER BY or LIMIT in a UNION's member.
      return this.db.select('*').from(range.as(`s${i}`));
    });
    const rows: RecordRow[] = await this.db
      .select('*')
      .from(first.unionAll(rest).as('page'))
      .orderBy('seq', 'desc')
      .limit(limit + 1);
    const items = await this.queries.hydrate(rows.slice(0, limit));
    const last = items[items.length - 1];
    return rows.length > limit && last
      ? { items, nextBeforeSeq: last.seq }
      : { items };
  }

  async recordsOnEntities(
    type: ItsmRecordType,
    states: readonly string[],
    entityRefs: readonly string[],
  ): Promise<StoredRecord[]> {
    const refs = [...new Set(entityRefs)];
    if (refs.length === 0 || states.length === 0) return [];
    // The entity rows of this type only (`record_type` is copied onto each
    // row): without it PostgreSQL read every record's rows on the entities,
    // incidents included, to find the few SLAs (10 ms a sweep page at full
    // scale, 2.5 ms with it; docs/performance.md).
    const onEntities = this.db
      .select(this.db.raw('1'))
      .from(`${ENTITIES} as e`)
      .whereRaw('?? = ??', ['e.record_id', 'r.id'])
      .where('e.record_type', type);
    const rows: RecordRow[] = await this.db(`${RECORDS} as r`)
      .select('r.*')
      .where('r.type', type)
      .whereIn('r.state', [...states])
      .whereExists(whereAmong(this.db, onEntities, 'e.entity_ref', refs))
      .orderBy('r.seq', 'desc');
    return this.queries.hydrate(rows);
  }

  async fieldHistory(
    recordIds: readonly string[],
    field: string,
  ): Promise<Map<string, HistoryEntry[]>> {
    const ids = [...new Set(recordIds.map(id => id.toLowerCase()))];
    const result = new Map<string, HistoryEntry[]>();
    if (ids.length === 0) return result;
    const rows: HistoryRow[] = await whereAmong(
      this.db,
      this.db<HistoryRow>(HISTORY).select('*').where('field', field),
      'record_id',
      ids,
    ).orderBy([
      { column: 'record_id', order: 'asc' },
      { column: 'id', order: 'asc' },
    ]);
    for (const row of rows) {
      const entry = toHistoryEntry(row);
      const list = result.get(entry.recordId);
      if (list) list.push(entry);
      else result.set(entry.recordId, [entry]);
    }
    return result;
  }

  async slaClaims(incidentIds: readonly string[]): Promise<SlaClaims> {
    const ids = [...new Set(incidentIds.map(id => id.toLowerCase()))];
    if (ids.length === 0) return { warnings: [], escalations: [] };
    // Sequential: inside a transaction there is one connection.
    const warnings: Array<{
      incident_id: string;
      sla_id: string;
      clock: string;
      threshold: string;
    }> = await whereAmong(
      this.db,
      this.db(SLA_NOTIFICATIONS).select(
        'incident_id',
        'sla_id',
        'clock',
        'threshold',
      ),
      'incident_id',
      ids,
    );
    const escalations: Array<{ incident_id: string; outage_start: string }> =
      await whereAmong(
        this.db,
        this.db(SLA_ESCALATIONS).select('incident_id', 'outage_start'),
        'incident_id',
        ids,
      );
    return {
      warnings: warnings.map(w => ({
        incidentId: w.incident_id,
        slaId: w.sla_id,
        clock: w.clock,
        threshold: Number(w.threshold),
      })),
      escalations: escalations.map(e => ({
        incidentId: e.incident_id,
        outageStart: e.outage_start,
      })),
    };
  }
}
