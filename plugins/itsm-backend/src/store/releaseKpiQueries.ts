import { Knex } from 'knex';
import { CAB_AGENDA, CAB_MEETINGS } from './cabMeetings';
import { CabMeetingCounts, ReleaseKpiCounts } from './kpiTypes';
import { applyCriteria } from './permissionFilter';
import { RELEASE_CHANGES } from './releasePlans';
import { Db, ENTITIES, HISTORY, RECORDS } from './rows';
import { KpiCountsQuery } from './types';

/*
 * The counts behind the release figures (docs/kpis.md, "Releases"), each one
 * aggregate query over every matching row: CAB meetings and their agenda,
 * history entries of releases and RFCs, and release plans. The caller's
 * permission conditions apply to the records counted, the entity filter to
 * the service (a meeting's service, a release's entities, an RFC's
 * entities). Nothing is sampled and no record is loaded; the history
 * entries come from the partial indexes of migration
 * 20261204080000_release_kpi_indexes.
 */

/** How many of the CAB meetings closed in the period are listed one by one. */
export const LATEST_CAB_MEETINGS = 50;

/**
 * The predicate of itsm_history_release_states_idx, as its literals: SQLite
 * uses a partial index only when the query repeats its terms.
 */
const RELEASE_STATES = `?? = 'state' AND ?? IN ('"justification"', '"coordinating"', '"in_release"')`;
/** The predicate of itsm_history_release_unlinks_idx. */
const RELEASE_UNLINKS = `?? = 'unlinked' AND ?? = 'releases'`;

/** A state as history stores it (JSON text). */
const json = (state: string) => JSON.stringify(state);

const num = (value: unknown): number => Number(value ?? 0);

const sumWhen = (db: Db, condition: Knex.Raw, alias: string) =>
  db.raw(`SUM(CASE WHEN ? THEN 1 ELSE 0 END) as ??`, [condition, alias]);

/** The counts of the release figures (see docs/kpis.md). */
export async function releaseKpiCounts(
  db: Db,
  query: KpiCountsQuery,
): Promise<ReleaseKpiCounts> {
  // Normalised by kpiCounts (ISO text as stored).
  const { from, to, permissionFilter } = query;
  const entityRefs = query.entityRefs ?? [];

  /**
   * The records of a type the caller may read (as `r`), about the entities
   * asked: those of the record, or of the record whose id is `entitiesOf`.
   */
  const records = (type: string, entitiesOf = 'r.id') => {
    const builder = db(`${RECORDS} as r`).where('r.type', type);
    if (entityRefs.length > 0) {
      builder.whereExists(
        db
          .select(db.raw('1'))
          .from(`${ENTITIES} as fe`)
          .whereRaw('?? = ??', ['fe.record_id', entitiesOf])
          .whereIn('fe.entity_ref', entityRefs),
      );
    }
    if (permissionFilter) applyCriteria(db, builder, permissionFilter);
    return builder;
  };
  const inPeriod = (builder: Knex.QueryBuilder, column: string) =>
    builder.where(column, '>=', from).where(column, '<', to);
  /** State transitions `h` of the records `r` out of `fromState`, in the period. */
  const transitions = (builder: Knex.QueryBuilder, fromState: string) =>
    inPeriod(
      builder
        .join(`${HISTORY} as h`, 'h.record_id', 'r.id')
        .whereRaw(RELEASE_STATES, ['h.field', 'h.from_value'])
        .where('h.from_value', json(fromState)),
      'h.at',
    );

  // CAB meetings closed in the period, of the services asked. Meetings have
  // no read permission (any signed-in user reads them); the RFCs of their
  // agenda count when the caller may read them.
  const meetings = () => {
    const builder = inPeriod(
      db(`${CAB_MEETINGS} as m`).where('m.state', 'closed'),
      'm.closed_at',
    );
    if (entityRefs.length > 0) builder.whereIn('m.service_ref', entityRefs);
    return builder;
  };
  const agenda = () => {
    const builder = db(`${CAB_AGENDA} as a`);
    if (permissionFilter) {
      const readable = db
        .select(db.raw('1'))
        .from(`${RECORDS} as r`)
        .whereRaw('?? = ??', ['r.id', 'a.change_id']);
      applyCriteria(db, readable, permissionFilter);
      builder.whereExists(readable);
    }
    return builder;
  };
  const outcomeSums = [
    sumWhen(db, db.raw(`?? = 'included'`, ['a.outcome']), 'included'),
    sumWhen(db, db.raw(`?? = 'rejected'`, ['a.outcome']), 'rejected'),
    sumWhen(db, db.raw(`?? = 'backlog'`, ['a.outcome']), 'carriedOver'),
  ];
  const cabTotals = agenda()
    .whereIn('a.meeting_id', meetings().select('m.id'))
    .select(...outcomeSums, db.raw('? as ??', [meetings().count(), 'closed']));
  const latestIds = meetings()
    .select('m.id')
    .orderBy([
      { column: 'm.closed_at', order: 'desc' },
      { column: 'm.seq', order: 'desc' },
    ])
    .limit(LATEST_CAB_MEETINGS);
  const latestOutcomes = agenda()
    .whereIn('a.meeting_id', latestIds)
    .select('a.meeting_id', ...outcomeSums)
    .groupBy('a.meeting_id')
    .as('o');
  const latestMeetings = meetings()
    .leftJoin(latestOutcomes, 'o.meeting_id', 'm.id')
    .select(
      'm.key',
      { closedAt: 'm.closed_at' },
      'o.included',
      'o.rejected',
      'o.carriedOver',
    )
    .orderBy([
      { column: 'm.closed_at', order: 'desc' },
      { column: 'm.seq', order: 'desc' },
    ])
    .limit(LATEST_CAB_MEETINGS);

  // RFCs closed as fulfilled in the period.
  const fulfilled = transitions(records('changes'), 'in_release')
    .where('h.to_value', json('closed'))
    .where('h.action', 'fulfil')
    .count({ n: '*' });

  // RFCs returned unmet: a change's `unlinked` entry naming a release (the
  // record engine writes it when an effect unlinks the change) at the
  // instant of that release's `coordinating -> reviewing` entry, which
  // returnToBacklog runs in.
  const endOfCoordination = db
    .select(db.raw('1'))
    .from(`${HISTORY} as hr`)
    .join(`${RECORDS} as rel`, 'rel.id', 'hr.record_id')
    .whereRaw(RELEASE_STATES, ['hr.field', 'hr.from_value'])
    .where('hr.from_value', json('coordinating'))
    .where('hr.to_value', json('reviewing'))
    .whereRaw('?? = ??', ['hr.at', 'hu.at'])
    .where('hr.at', '>=', from)
    .where('hr.at', '<', to)
    .where('rel.type', 'releases')
    .whereRaw(`?? = '"' || ?? || '"'`, ['hu.from_value', 'rel.key']);
  const returnedUnmet = inPeriod(
    records('changes')
      .join(`${HISTORY} as hu`, 'hu.record_id', 'r.id')
      .whereRaw(RELEASE_UNLINKS, ['hu.action', 'hu.field']),
    'hu.at',
  )
    .whereExists(endOfCoordination)
    .count({ n: '*' });

  // Business cases sent back for adjustment, and finally rejected.
  const businessCases = transitions(records('releases'), 'justification')
    .whereIn('h.to_value', [json('defined'), json('cancelled')])
    .select(
      sumWhen(
        db,
        db.raw('?? = ?', ['h.to_value', json('defined')]),
        'sentBack',
      ),
      sumWhen(
        db,
        db.raw('?? = ?', ['h.to_value', json('cancelled')]),
        'rejected',
      ),
    );

  // Changes added to a plan after a partial failure: the change readable,
  // the release about the entities asked.
  const additional = inPeriod(
    records('changes', 'p.release_id')
      .join(`${RELEASE_CHANGES} as p`, 'p.change_id', 'r.id')
      .whereIn('p.purpose', ['finish', 'backout']),
    'p.created_at',
  ).select(
    sumWhen(db, db.raw(`?? = 'finish'`, ['p.purpose']), 'finish'),
    sumWhen(db, db.raw(`?? = 'backout'`, ['p.purpose']), 'backout'),
  );

  // Releases that finished coordination in the period, with a target date,
  // and on time: the end at or before the target, compared as instants
  // (targetDate is an ISO 8601 date-time, perhaps with an offset).
  const [target, end] = instants(db);
  const finished = transitions(records('releases'), 'coordinating')
    .where('h.to_value', json('reviewing'))
    .select(
      db.raw('COUNT(*) as ??', ['count']),
      sumWhen(db, db.raw(`${target} IS NOT NULL`), 'withTargetDate'),
      sumWhen(db, db.raw(`${end} <= ${target}`), 'onTime'),
    );

  type Row = Record<string, unknown>;
  const [
    [totalsRow],
    latestRows,
    [fulfilledRow],
    [returnedRow],
    [casesRow],
    [additionalRow],
    [finishedRow],
  ]: Row[][] = await Promise.all([
    cabTotals,
    latestMeetings,
    fulfilled,
    returnedUnmet,
    businessCases,
    additional,
    finished,
  ]);
  const latest: CabMeetingCounts[] = latestRows.map(row => ({
    key: String(row.key),
    closedAt: String(row.closedAt),
    included: num(row.included),
    rejected: num(row.rejected),
    carriedOver: num(row.carriedOver),
  }));
  return {
    cabMeetings: {
      closed: num(totalsRow?.closed),
      included: num(totalsRow?.included),
      rejected: num(totalsRow?.rejected),
      carriedOver: num(totalsRow?.carriedOver),
      latest,
    },
    rfcsFulfilled: num(fulfilledRow?.n),
    rfcsReturnedUnmet: num(returnedRow?.n),
    businessCases: {
      sentBack: num(casesRow?.sentBack),
      rejected: num(casesRow?.rejected),
    },
    additionalChanges: {
      finish: num(additionalRow?.finish),
      backout: num(additionalRow?.backout),
    },
    coordinationFinished: {
      count: num(finishedRow?.count),
      withTargetDate: num(finishedRow?.withTargetDate),
      onTime: num(finishedRow?.onTime),
    },
  };
}

/**
 * SQL of the release's `targetDate` (data of `r`) and of the moment of the
 * entry `h`, as comparable instants; the target is NULL when missing or no
 * date-time. Read from `data` for the releases that finished coordination
 * in the period only (few rows), so no column of its own.
 */
function instants(db: Db): [target: string, end: string] {
  if (db.client.dialect === 'postgresql') {
    const text = `(r.data::json ->> 'targetDate')`;
    // A string that is no ISO date-time is no target (the cast would fail).
    return [
      `(CASE WHEN json_typeof(r.data::json -> 'targetDate') = 'string'
        AND ${text} ~ '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}'
        THEN ${text}::timestamptz END)`,
      `(h.at::timestamptz)`,
    ];
  }
  return [
    `julianday(CASE WHEN json_type(r.data, '$.targetDate') = 'text'
      THEN json_extract(r.data, '$.targetDate') END)`,
    `julianday(h.at)`,
  ];
}
