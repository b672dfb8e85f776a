import { randomUUID } from 'node:crypto';
import { Knex } from 'knex';
import { toIso } from './rows';
import { OutageEscalation, SlaWarning } from './types';

/*
 * SLA warnings already sent (migrations/20261124150000_sla_notifications.js)
 * and outages escalated (migrations/20261202120000_sla_escalations.js). The
 * primary keys make each exactly-once across instances. A claim is one
 * `INSERT ... ON CONFLICT DO NOTHING RETURNING`: the rows it returns are the
 * rows it inserted, so it holds the key exactly when it returns one. No
 * duplicate-key error is raised (one would abort the surrounding transaction
 * on PostgreSQL); a concurrent claim of the same key waits for the first to
 * commit or roll back.
 */
export const SLA_NOTIFICATIONS = 'itsm_sla_notifications';
export const SLA_ESCALATIONS = 'itsm_sla_escalations';

/** Records that a warning is sent; false when another sweep already did. */
export async function claimSlaWarning(
  db: Knex | Knex.Transaction,
  warning: SlaWarning,
): Promise<boolean> {
  return (await claimSlaWarnings(db, [warning])).length === 1;
}

/** Warnings claimed per statement: 6 parameters each, far below any limit. */
const CLAIM_CHUNK = 500;

const warningKey = (w: {
  incidentId: string;
  slaId: string;
  clock: string;
  threshold: number | string;
}) =>
  `${w.incidentId.toLowerCase()} ${w.slaId.toLowerCase()} ${w.clock} ${Number(
    w.threshold,
  )}`;

/**
 * Claims many warnings in one statement per {@link CLAIM_CHUNK}; returns the
 * ones this call recorded (those recorded before, by any sweep, are left
 * out), in the order given.
 */
export async function claimSlaWarnings(
  db: Knex | Knex.Transaction,
  warnings: SlaWarning[],
): Promise<SlaWarning[]> {
  const claimed = new Set<string>();
  for (let i = 0; i < warnings.length; i += CLAIM_CHUNK) {
    const rows = warnings.slice(i, i + CLAIM_CHUNK).map(w => ({
      incident_id: w.incidentId.toLowerCase(),
      sla_id: w.slaId.toLowerCase(),
      clock: w.clock,
      threshold: String(w.threshold),
      sent_at: toIso(w.sentAt),
      claim_id: randomUUID(),
    }));
    const inserted: Array<{
      incident_id: string;
      sla_id: string;
      clock: string;
      threshold: string;
    }> = await db(SLA_NOTIFICATIONS)
      .insert(rows)
      .onConflict(['incident_id', 'sla_id', 'clock', 'threshold'])
      .ignore()
      .returning(['incident_id', 'sla_id', 'clock', 'threshold']);
    for (const row of inserted) {
      claimed.add(
        warningKey({
          incidentId: row.incident_id,
          slaId: row.sla_id,
          clock: row.clock,
          threshold: row.threshold,
        }),
      );
    }
  }
  return warnings.filter(w => claimed.delete(warningKey(w)));
}

/**
 * Records that an outage is escalated, with the notification to deliver;
 * false when it was escalated before.
 */
export async function claimOutageEscalation(
  db: Knex | Knex.Transaction,
  escalation: OutageEscalation,
): Promise<boolean> {
  const key = {
    incident_id: escalation.incidentId,
    outage_start: toIso(escalation.outageStart),
  };
  const inserted: unknown[] = await db(SLA_ESCALATIONS)
    .insert({
      ...key,
      sla_id: escalation.slaId,
      service_owner: escalation.serviceOwner,
      escalated_at: toIso(escalation.escalatedAt),
      claim_id: randomUUID(),
      notification: JSON.stringify(escalation.notification),
      delivered_at: escalation.deliveredAt
        ? toIso(escalation.deliveredAt)
        : null,
    })
    .onConflict(['incident_id', 'outage_start'])
    .ignore()
    .returning('claim_id');
  return inserted.length === 1;
}

/** Escalations before `before` whose notification was not delivered yet, oldest first. */
export async function undeliveredEscalations(
  db: Knex,
  before: string,
): Promise<OutageEscalation[]> {
  const rows = await db(SLA_ESCALATIONS)
    .whereNull('delivered_at')
    .where('escalated_at', '<', toIso(before))
    .orderBy([
      { column: 'escalated_at', order: 'asc' },
      { column: 'incident_id', order: 'asc' },
    ]);
  return rows.map(r => ({
    incidentId: r.incident_id,
    outageStart: r.outage_start,
    slaId: r.sla_id,
    serviceOwner: r.service_owner,
    escalatedAt: r.escalated_at,
    notification: JSON.parse(r.notification),
  }));
}

/**
 * Marks an escalation's notification delivered; false when it was marked
 * before (another instance delivers it).
 */
export async function markEscalationDelivered(
  db: Knex,
  incidentId: string,
  outageStart: string,
  at: string,
): Promise<boolean> {
  const updated = await db(SLA_ESCALATIONS)
    .where({ incident_id: incidentId, outage_start: toIso(outageStart) })
    .whereNull('delivered_at')
    .update({ delivered_at: toIso(at) });
  return updated > 0;
}
