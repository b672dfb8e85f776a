import {
  ACTIVE_SLA_STATES,
  OPEN_INCIDENT_STATES,
  OPEN_PROBLEM_STATES,
} from '@backstage-itsm/plugin-itsm-common';
import { Knex } from 'knex';
import { applyCriteria } from './permissionFilter';
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

/**
 * The type-specific fields of `data` (JSON text) in SQL, on PostgreSQL and
 * SQLite. `doc` is the parsed document once per row: select it in a fenced
 * subquery (see {@link fenced}) and read fields of `k.d` outside.
 */
export class JsonFields {
  constructor(private readonly db: Db) {}

  private get pg(): boolean {
    return this.db.client.dialect === 'postgresql';
  }

  /** The document of `r.data`, parsed (PostgreSQL) or as text (SQLite). */
  doc(): Knex.Raw {
    return this.pg
      ? this.db.raw('(??::jsonb) as ??', ['r.data', 'd'])
      : this.db.raw('?? as ??', ['r.data', 'd']);
  }

  /** SQL text of a field of the document `k.d` as text (a string field). */
  text(field: string): Knex.Raw {
    return this.pg
      ? this.db.raw('(?? ->> ?::text)', ['k.d', field])
      : this.db.raw('json_extract(??, ?)', ['k.d', `$.${field}`]);
  }

  /** A condition: the field is JSON `true`. */
  isTrue(field: string): Knex.Raw {
    return this.pg
      ? this.db.raw(`(?? -> ?::text) = 'true'::jsonb`, ['k.d', field])
      : this.db.raw(`json_type(??, ?) = 'true'`, ['k.d', `$.${field}`]);
  }

  /** A number field, 0 when it is missing or no number. */
  count(field: string): Knex.Raw {
    return this.pg
      ? this.db.raw(
          `(CASE WHEN jsonb_typeof(?? -> ?::text) = 'number' THEN (?? ->> ?::text)::numeric ELSE 0 END)`,
          ['k.d', field, 'k.d', field],
        )
      : this.db.raw(
          `(CASE WHEN json_type(??, ?) IN ('integer', 'real') THEN json_extract(??, ?) ELSE 0 END)`,
          ['k.d', `$.${field}`, 'k.d', `$.${field}`],
        );
  }

  /** Milliseconds from the ISO timestamp column `start` to `end`. */
  millisBetween(start: string, end: string): Knex.Raw {
    return this.pg
      ? this.db.raw(
          '(EXTRACT(EPOCH FROM (??::timestamptz - ??::timestamptz)) * 1000)',
          [end, start],
        )
      : this.db.raw('ROUND((julianday(??) - julianday(??)) * 86400000)', [
          end,
          start,
        ]);
  }
}

/**
 * A subquery PostgreSQL does not flatten into the query around it (OFFSET 0),
 * so that the document it selects is parsed once per row, not once per field.
 */
function fenced(db: Db, query: Knex.QueryBuilder): Knex.QueryBuilder {
  // knex drops `offset(0)` as no offset; a raw 0 is written as it is.
  return query.offset(db.raw('0') as unknown as number).as('k');
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
  const json = new JsonFields(db);

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

  // Incidents reported (created) in the period.
  const reported = db
    .from(
      fenced(
        db,
        inPeriod(scoped('incidents'), 'r.created_at').select(json.doc()),
      ),
    )
    .select(
      db.raw('COUNT(*) as ??', ['count']),
      db.raw('SUM(?) as ??', [json.count('sendBackCount'), 'sendBacks']),
      db.raw('SUM(?) as ??', [
        json.count('reassignmentCount'),
        'reassignments',
      ]),
      sumWhen(db, json.isTrue('escalated'), 'escalated'),
      sumWhen(db, json.isTrue('major'), 'major'),
    );

  // Incidents that reached `resolved` in the period: the last such
  // transition in the period (history), or, for a record without that
  // history, its stateChangedAt while it is still resolved. Either moment is
  // at or before the record's last state change, so only records whose
  // stateChangedAt is from `from` on can qualify.
  const lastResolution = db
    .from(`${HISTORY} as h`)
    .max('h.at')
    .whereRaw('?? = ??', ['h.record_id', 'r.id'])
    .where('h.field', 'state')
    .where('h.to_value', JSON.stringify(INCIDENT_RESOLVED))
    .where('h.at', '>=', from)
    .where('h.at', '<', to);
  const resolvedAt = db.raw(
    'COALESCE(?, CASE WHEN ?? = ? AND ?? < ? THEN ?? END) as ??',
    [
      lastResolution,
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
      fenced(
        db,
        scoped('incidents')
          .where('r.state_changed_at', '>=', from)
          .select('r.created_at', resolvedAt, json.doc()),
      ),
    )
    .whereNotNull('k.resolved_at')
    .select(
      db.raw('COUNT(*) as ??', ['count']),
      db.raw('AVG(?) as ??', [
        json.millisBetween('k.created_at', 'k.resolved_at'),
        'meanMs',
      ]),
      sumWhen(db, db.raw('? > 0', [json.count('reopenCount')]), 'reopened'),
    );

  // Changes closed in the period (closed is final: stateChangedAt is the
  // close), by outcome, and how many of them an incident the caller may
  // read names as its cause (the causedByChange fact).
  const causes = db
    .select('cf.value')
    .from(`${FACTS} as cf`)
    .join(`${RECORDS} as r`, 'r.id', 'cf.record_id')
    .where('cf.name', 'causedByChange')
    .where('r.type', 'incidents');
  if (query.permissionFilter) {
    applyCriteria(db, causes, query.permissionFilter);
  }
  const outcome = json.text('outcome');
  const closed = db
    .from(
      fenced(
        db,
        inPeriod(
          scoped('changes').where('r.state', CHANGE_CLOSED),
          'r.state_changed_at',
        ).select('r.key', json.doc()),
      ),
    )
    .select(
      db.raw('COUNT(*) as ??', ['count']),
      sumWhen(db, db.raw(`? = 'successful'`, [outcome]), 'successful'),
      sumWhen(db, db.raw(`? = 'failed'`, [outcome]), 'failed'),
      sumWhen(db, db.raw(`? = 'backed_out'`, [outcome]), 'backedOut'),
      sumWhen(db, db.raw('?? IN ?', ['k.key', causes]), 'causedIncidents'),
    );

  // Changes reported (created) in the period, and the emergencies among them.
  const reportedChanges = db
    .from(
      fenced(
        db,
        inPeriod(scoped('changes'), 'r.created_at').select(json.doc()),
      ),
    )
    .select(
      db.raw('COUNT(*) as ??', ['count']),
      sumWhen(
        db,
        db.raw(`? = 'emergency'`, [json.text('changeType')]),
        'emergency',
      ),
    );

  type Row = Record<string, unknown>;
  const [
    incidentRows,
    problemRows,
    slaRows,
    [reportedRow],
    [resolvedRow],
    [closedRow],
    [changesRow],
  ]: Row[][] = await Promise.all([
    openIncidents,
    openProblems,
    activeSlas,
    reported,
    resolved,
    closed,
    reportedChanges,
  ]);

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
  };
}
