import { Knex } from 'knex';

/*
 * What the run proves, read straight from the databases after the faults:
 * each is a list of violations (empty when the guarantee held) and the
 * figures it counted. Computed in SQL over every row, not sampled.
 */

export interface Check {
  name: string;
  violations: string[];
  figures: Record<string, number>;
}

/** One write the clients saw acknowledged (2xx). */
export interface Acknowledged {
  id: string;
  key: string;
  title: string;
}

const rowsOf = async <T>(query: Knex.QueryBuilder | Knex.Raw): Promise<T[]> => {
  const result: any = await query;
  return (Array.isArray(result) ? result : result.rows) as T[];
};

/**
 * No acknowledged write lost, none written twice, no half record: every
 * acknowledged create is there with its title; each title (one per
 * Idempotency-Key) is on at most one record; keys of the type are 1..n
 * without gap or repeat; every record has its `created` history entry and
 * its entity rows.
 */
export async function writesKept(
  itsm: Knex,
  type: string,
  titlePrefix: string,
  acknowledged: Acknowledged[],
): Promise<Check> {
  const violations: string[] = [];
  const records = await rowsOf<{ id: string; key: string; title: string }>(
    itsm('itsm_records')
      .where({ type })
      .andWhere('title', 'like', `${titlePrefix}%`)
      .select('id', 'key', 'title'),
  );
  const byId = new Map(records.map(r => [r.id, r]));
  for (const a of acknowledged) {
    const found = byId.get(a.id);
    if (!found) violations.push(`acknowledged ${a.key} (${a.id}) is missing`);
    else if (found.title !== a.title || found.key !== a.key)
      violations.push(
        `acknowledged ${a.key} is stored as ${found.key} "${found.title}"`,
      );
  }
  const perTitle = new Map<string, number>();
  for (const r of records)
    perTitle.set(r.title, (perTitle.get(r.title) ?? 0) + 1);
  for (const [title, n] of perTitle) {
    if (n > 1) violations.push(`"${title}" was written ${n} times`);
  }
  const seqs = await rowsOf<{ seq: number }>(
    itsm('itsm_records').where({ type }).select('seq').orderBy('seq'),
  );
  seqs.forEach((s, i) => {
    if (Number(s.seq) !== i + 1)
      violations.push(
        `${type} keys are not 1..n: position ${i + 1} holds ${s.seq}`,
      );
  });
  const half = await rowsOf<{ key: string }>(
    itsm('itsm_records as r')
      .where('r.type', type)
      .andWhere(q =>
        q
          .whereNotExists(
            itsm('itsm_history as h')
              .whereRaw('h.record_id = r.id')
              .andWhere('h.action', 'created'),
          )
          .orWhereNotExists(
            itsm('itsm_record_entities as e').whereRaw('e.record_id = r.id'),
          ),
      )
      .select('r.key'),
  );
  for (const h of half) violations.push(`${h.key} is half written`);
  return {
    name: `acknowledged ${type} kept, once each, whole`,
    violations: violations.slice(0, 50),
    figures: {
      acknowledged: acknowledged.length,
      stored: records.length,
      lost: acknowledged.filter(a => !byId.has(a.id)).length,
      duplicates: [...perTitle.values()].filter(n => n > 1).length,
      halfRecords: half.length,
      keyGaps: seqs.filter((s, i) => Number(s.seq) !== i + 1).length,
    },
  };
}

/** How many of the run's incidents concern an entity the SLA covers (each owes its warnings). */
export async function coveredIncidents(
  itsm: Knex,
  titlePrefix: string,
  covered: string[],
): Promise<number> {
  const [{ n }] = await rowsOf<{ n: string }>(
    itsm('itsm_records as r')
      .where('r.type', 'incidents')
      .andWhere('r.title', 'like', `${titlePrefix}%`)
      .whereExists(
        itsm('itsm_record_entities as e')
          .whereRaw('e.record_id = r.id')
          .whereIn(
            'e.entity_ref',
            covered.map(c => c.toLocaleLowerCase('en-US')),
          ),
      )
      .count({ n: '*' }),
  );
  return Number(n);
}

/**
 * Each SLA warning exactly once: every claim has exactly one history entry
 * and one outbox row, every history entry of a warning has its claim, every
 * outbox row is delivered, and no user got one notification twice.
 * `expected` is how many warnings the clocks owe by now (each incident's
 * response and resolution clocks past every threshold).
 */
export async function warningsOnce(
  itsm: Knex,
  notifications: Knex,
  expected: number,
): Promise<Check> {
  const violations: string[] = [];
  const claims = await rowsOf<{
    incident_id: string;
    clock: string;
    threshold: string;
  }>(
    itsm('itsm_sla_notifications').select('incident_id', 'clock', 'threshold'),
  );
  const history = await rowsOf<{
    record_id: string;
    field: string;
    to_value: string;
  }>(
    itsm('itsm_history')
      .whereIn('action', ['sla-warning', 'sla-breached'])
      .select('record_id', 'field', 'to_value'),
  );
  const historyKey = (incident: string, clock: string, threshold: number) =>
    `${incident}|${clock}|${threshold}`;
  const perEntry = new Map<string, number>();
  for (const h of history) {
    const clock = h.field.split('.').pop()!;
    const key = historyKey(h.record_id, clock, Number(JSON.parse(h.to_value)));
    perEntry.set(key, (perEntry.get(key) ?? 0) + 1);
  }
  let missingHistory = 0;
  for (const c of claims) {
    const n =
      perEntry.get(historyKey(c.incident_id, c.clock, Number(c.threshold))) ??
      0;
    if (n !== 1) {
      missingHistory += n === 0 ? 1 : 0;
      violations.push(
        `claim ${c.incident_id} ${c.clock} ${c.threshold} has ${n} history entries`,
      );
    }
  }
  if (history.length !== claims.length)
    violations.push(
      `${history.length} warning history entries for ${claims.length} claims`,
    );
  const outbox = await rowsOf<{
    id: string;
    delivered_at: string | null;
    payload: string;
  }>(itsm('itsm_outbox').select('id', 'delivered_at', 'payload'));
  const warningRows = outbox.filter(o => /SLA|sla/.test(o.payload));
  const undelivered = outbox.filter(o => !o.delivered_at);
  for (const o of undelivered.slice(0, 10))
    violations.push(`outbox row ${o.id} was never delivered`);
  if (claims.length < expected)
    violations.push(
      `${claims.length} warnings claimed, the clocks owe ${expected}`,
    );
  const sent = await rowsOf<{ user: string; scope: string; n: string }>(
    notifications('notification')
      .where('scope', 'like', 'itsm-outbox-%')
      .groupBy('user', 'scope')
      .select('user', 'scope', notifications.raw('count(*) as n')),
  );
  const twice = sent.filter(s => Number(s.n) > 1);
  for (const t of twice.slice(0, 10))
    violations.push(`${t.user} got ${t.scope} ${t.n} times`);
  const scopes = new Set(sent.map(s => s.scope));
  const delivered = outbox.filter(o => o.delivered_at);
  const withoutMessage = delivered.filter(
    o => !scopes.has(`itsm-outbox-${o.id}`),
  );
  for (const o of withoutMessage.slice(0, 10))
    violations.push(
      `outbox row ${o.id} is marked delivered but no user has its message`,
    );
  return {
    name: 'SLA warnings and their notifications exactly once',
    violations: violations.slice(0, 50),
    figures: {
      expectedWarnings: expected,
      claimed: claims.length,
      historyEntries: history.length,
      missingHistory,
      outboxRows: outbox.length,
      warningOutboxRows: warningRows.length,
      undelivered: undelivered.length,
      notifications: sent.reduce((sum, s) => sum + Number(s.n), 0),
      duplicateNotifications: twice.length,
      deliveredWithoutMessage: withoutMessage.length,
    },
  };
}

/**
 * Each outage escalated exactly once: one claim per incident whose outage
 * outlasted the resolution target (all of the covered ones), each with
 * exactly one `escalated` history entry, and no escalation history without
 * its claim.
 */
export async function escalationsOnce(
  itsm: Knex,
  expected: number,
): Promise<Check> {
  const violations: string[] = [];
  const claims = await rowsOf<{ incident_id: string }>(
    itsm('itsm_sla_escalations').select('incident_id'),
  );
  const entries = await rowsOf<{ record_id: string }>(
    itsm('itsm_history').where('action', 'escalated').select('record_id'),
  );
  const perIncident = new Map<string, number>();
  for (const e of entries)
    perIncident.set(e.record_id, (perIncident.get(e.record_id) ?? 0) + 1);
  const claimed = new Set(claims.map(c => c.incident_id));
  for (const [incident, n] of perIncident) {
    if (n !== 1)
      violations.push(`incident ${incident} was escalated ${n} times`);
    if (!claimed.has(incident))
      violations.push(
        `incident ${incident} has an escalation without its claim`,
      );
  }
  for (const c of claims) {
    if (!perIncident.has(c.incident_id))
      violations.push(`escalation of ${c.incident_id} has no history entry`);
  }
  if (claims.length < expected)
    violations.push(`${claims.length} outages escalated, ${expected} are due`);
  return {
    name: 'outages escalated exactly once',
    violations: violations.slice(0, 50),
    figures: {
      expected,
      claimed: claims.length,
      historyEntries: entries.length,
    },
  };
}
