import {
  ACTIVE_SLA_STATES,
  OPEN_INCIDENT_STATES,
  OPEN_PROBLEM_STATES,
} from '@backstage-itsm/plugin-itsm-common';
import { Knex } from 'knex';
import { applyCriteria } from './permissionFilter';
import { releaseKpiCounts } from './releaseKpiQueries';
import { Db, ENTITIES, FACTS, HISTORY, RECORDS, toIso } from './rows';
import { KpiCounts, KpiCountsQuery } from './types';

/*
 * The counts behind the process figures (KPIs), each one aggregate query over
 * every record that matches: the caller's permission conditions (the SQL of
 * applyCriteria), the entity filter and the period. Nothing is sampled and no
 * record is loaded. The definitions are in docs/kpis.md.
 */

/** The state an incident is resolved in, and a change closed in. */
const INCIDENT_RESOLVED = 'resolved';
const CHANGE_CLOSED = 'closed';

/** Milliseconds from the ISO timestamp column `start` to `end`. */
function millisBetween(db: Db, start: string, end: string): Knex.Raw {
  return db.client.dialect === 'postgresql'
    ? db.raw(
        '(EXTRACT(EPOCH FROM (??::timestamptz - ??::timestamptz)) * 1000)',
        [end, start],
      )
    : db.raw('ROUND((julianday(??) - julianday(??)) * 86400000)', [end, start]);
}

const sumWhen = (db: Db, condition: Knex.Raw, alias: string) =>
  db.raw(`SUM(CASE WHEN ? THEN 1 ELSE 0 END) as ??`, [condition, alias]);

const num = (value: unknown): number => Number(value ?? 0);

/** The counts of the process figures (see docs/kpis.md). */
export async function kpiCounts(
  db: Db,
  query: KpiCountsQuery,
): Promise<KpiCounts> {
  const from = toIso(query.from, 'from');
  const to = toIso(query.to, 'to');

  /** The records of a type the caller may read, about the entities asked. */
  const scoped = (type: string): Knex.QueryBuilder => {
    const builder = db(`${RECORDS} as r`).where('r.type', type);
    if (query.entityRefs && query.entityRefs.length > 0) {
      builder.whereExists(
        db
          .select(db.raw('1'))
          .from(`${ENTITIES} as fe`)
          .whereRaw('?? = ??', ['fe.record_id', 'r.id'])
          .whereIn('fe.entity_ref', query.entityRefs),
      );
    }
    if (query.permissionFilter) {
      applyCriteria(db, builder, query.permissionFilter);
    }
    return builder;
  };
  const inPeriod = (builder: Knex.QueryBuilder, column: string) =>
    builder.where(column, '>=', from).where(column, '<', to);

  // Now: open incidents by priority, open problems by state, active SLAs.
  const openIncidents = scoped('incidents')
    .whereIn('r.state', [...OPEN_INCIDENT_STATES])
    .select({ priority: 'r.priority' })
    .count({ n: '*' })
    .groupBy('r.priority');
  const openProblems = scoped('problems')
    .whereIn('r.state', [...OPEN_PROBLEM_STATES])
    .select({ state: 'r.state' })
    .count({ n: '*' })
    .groupBy('r.state');
  const activeSlas = scoped('slas')
    .whereIn('r.state', [...ACTIVE_SLA_STATES])
    .count({ n: '*' });

  // Incidents reported (created) in the period, with the sums of their
  // counted fields: the columns the database keeps from `data`
  // (migrations/20261203140000_kpi_columns.js), all in the index
  // (type, created_at), so no row is read.
  const reported = inPeriod(scoped('incidents'), 'r.created_at').select(
    db.raw('COUNT(*) as ??', ['count']),
    db.raw('SUM(??) as ??', ['r.send_back_count', 'sendBacks']),
    db.raw('SUM(??) as ??', ['r.reassignment_count', 'reassignments']),
    db.raw('SUM(??) as ??', ['r.escalated', 'escalated']),
    db.raw('SUM(??) as ??', ['r.major', 'major']),
  );

  // Incidents that reached `resolved` in the period: the last such
  // transition in the period (history), or, for a record without that
  // history, its stateChangedAt while it is still resolved. Either moment is
  // at or before the record's last state change, so only records whose
  // stateChangedAt is from `from` on can qualify. The transitions of the
  // period come from their own index, last one per record, and meet those
  // records in one join (not one history lookup per record); the records'
  // side is the index (type, state_changed_at).
  const lastResolutions = db
    .from(`${HISTORY} as h`)
    .select({ record_id: 'h.record_id' })
    .max({ at: 'h.at' })
    // Literals: the partial index on them is used only when the query names
    // them as it does (SQLite does not match a bound parameter).
    .whereRaw(`?? = 'state'`, ['h.field'])
    .whereRaw(`?? = '"${INCIDENT_RESOLVED}"'`, ['h.to_value'])
    .where('h.at', '>=', from)
    .where('h.at', '<', to)
    .groupBy('h.record_id')
    .as('lr');
  const resolvedAt = db.raw(
    'COALESCE(??, CASE WHEN ?? = ? AND ?? < ? THEN ?? END) as ??',
    [
      'lr.at',
      'r.state',
      INCIDENT_RESOLVED,
      'r.state_changed_at',
      to,
      'r.state_changed_at',
      'resolved_at',
    ],
  );
  const resolved = db
    .from(
      scoped('incidents')
        .leftJoin(lastResolutions, 'lr.record_id', 'r.id')
        .where('r.state_changed_at', '>=', from)
        .select('r.created_at', 'r.reopen_count', resolvedAt)
        .as('k'),
    )
    .whereNotNull('k.resolved_at')
    .select(
      db.raw('COUNT(*) as ??', ['count']),
      db.raw('AVG(?) as ??', [
        millisBetween(db, 'k.created_at', 'k.resolved_at'),
        'meanMs',
      ]),
      sumWhen(db, db.raw('?? > 0', ['k.reopen_count']), 'reopened'),
    );

  // Changes closed in the period (closed is final: stateChangedAt is the
  // close), by outcome.
  const closedChanges = () =>
    inPeriod(
      scoped('changes').where('r.state', CHANGE_CLOSED),
      'r.state_changed_at',
    );
  // And how many of them an incident the caller may read names as its cause:
  // the distinct values of the causedByChange facts that are the key of one
  // of them (a hash join of two index ranges). Only incidents have that fact
  // (incidents/facts.ts derives it from their causedByChange field), so the
  // naming record is read only to apply the caller's permission conditions.
  const causedIncidents = db
    .from(`${FACTS} as cf`)
    .countDistinct('cf.value')
    .where('cf.name', 'causedByChange')
    .whereIn('cf.value', closedChanges().select('r.key'));
  if (query.permissionFilter) {
    const readable = db
      .select(db.raw('1'))
      .from(`${RECORDS} as r`)
      .whereRaw('?? = ??', ['r.id', 'cf.record_id']);
    applyCriteria(db, readable, query.permissionFilter);
    causedIncidents.whereExists(readable);
  }
  const closed = closedChanges().select(
    db.raw('COUNT(*) as ??', ['count']),
    sumWhen(db, db.raw(`?? = 'successful'`, ['r.outcome']), 'successful'),
    sumWhen(db, db.raw(`?? = 'failed'`, ['r.outcome']), 'failed'),
    sumWhen(db, db.raw(`?? = 'backed_out'`, ['r.outcome']), 'backedOut'),
    db.raw('? as ??', [causedIncidents, 'causedIncidents']),
  );

  // Changes reported (created) in the period, and the emergencies among them.
  const reportedChanges = inPeriod(scoped('changes'), 'r.created_at').select(
    db.raw('COUNT(*) as ??', ['count']),
    sumWhen(db, db.raw(`?? = 'emergency'`, ['r.change_type']), 'emergency'),
  );

  type Row = Record<string, unknown>;
  const [results, releases] = await Promise.all([
    Promise.all([
      openIncidents,
      openProblems,
      activeSlas,
      reported,
      resolved,
      closed,
      reportedChanges,
    ]) as Promise<Row[][]>,
    // The release figures: CAB meetings, release histories and plans.
    releaseKpiCounts(db, { ...query, from, to }),
  ]);
  const [
    incidentRows,
    problemRows,
    slaRows,
    [reportedRow],
    [resolvedRow],
    [closedRow],
    [changesRow],
  ] = results;

  const counted = (rows: Row[], key: string) =>
    Object.fromEntries(rows.map(row => [String(row[key]), num(row.n)]));
  const resolvedCount = num(resolvedRow?.count);
  return {
    openIncidents: counted(incidentRows, 'priority'),
    openProblems: counted(problemRows, 'state'),
    activeSlas: num(slaRows[0]?.n),
    reportedIncidents: {
      count: num(reportedRow?.count),
      sendBacks: num(reportedRow?.sendBacks),
      reassignments: num(reportedRow?.reassignments),
      escalated: num(reportedRow?.escalated),
      major: num(reportedRow?.major),
    },
    resolvedIncidents: {
      count: resolvedCount,
      meanMs:
        resolvedCount > 0 && resolvedRow?.meanMs !== null
          ? num(resolvedRow?.meanMs)
          : null,
      reopened: num(resolvedRow?.reopened),
    },
    closedChanges: {
      count: num(closedRow?.count),
      successful: num(closedRow?.successful),
      failed: num(closedRow?.failed),
      backedOut: num(closedRow?.backedOut),
      causedIncidents: num(closedRow?.causedIncidents),
    },
    reportedChanges: {
      count: num(changesRow?.count),
      emergency: num(changesRow?.emergency),
    },
    releases,
  };
}
