import { Knex } from 'knex';
import { SlaWarning } from './types';

/*
 * SLA warnings already sent (migrations/20261124150000_sla_notifications.js).
 * The primary key makes each warning exactly-once across instances.
 */
const SLA_NOTIFICATIONS = 'itsm_sla_notifications';

/** Records that a warning is sent; false when another sweep already did. */
export async function claimSlaWarning(
  db: Knex,
  warning: SlaWarning,
): Promise<boolean> {
  try {
    await db(SLA_NOTIFICATIONS).insert({
      incident_id: warning.incidentId,
      sla_id: warning.slaId,
      clock: warning.clock,
      threshold: String(warning.threshold),
      sent_at: warning.sentAt,
    });
    return true;
  } catch (error) {
    const message = String((error as Error).message).toLowerCase();
    if (
      message.includes('unique') ||
      message.includes('duplicate') ||
      message.includes('primary')
    ) {
      return false;
    }
    throw error;
  }
}
