import {
  INCIDENT_OPEN_STATES,
  Outage,
  toIso,
} from '@backstage-itsm/plugin-itsm-common';
import { SYSTEM_ACTOR } from '../engine/types';
import { nowOf, SlaDeps } from './context';
import { SlaClocks } from './SlaClocks';

/**
 * Warnings and escalations: the sweep over the clocks of open incidents
 * that the plugin schedules every minute.
 */
export class SlaSweep {
  constructor(
    private readonly deps: Pick<SlaDeps, 'store' | 'notifier' | 'clock'>,
    private readonly clocks: SlaClocks,
  ) {}

  /**
   * Sweeps the clocks of every open incident: each threshold crossed for the
   * first time notifies the assignment group (exactly once, whatever the
   * number of instances: the first to record it sends it) and is written to
   * the incident's history; a breached resolution target notifies the
   * service owner, and an outage beyond it escalates the incident to the
   * service owner.
   */
  async sweep(): Promise<{ warnings: number; escalations: number }> {
    const now = nowOf(this.deps);
    let warnings = 0;
    let escalations = 0;
    let cursor: string | undefined;
    do {
      const page = await this.deps.store.listRecords({
        type: 'incidents',
        states: [...INCIDENT_OPEN_STATES],
        limit: 200,
        cursor,
      });
      for (const incident of page.items) {
        for (const { sla, kind, clock } of await this.clocks.clocksOf(
          incident,
          now,
        )) {
          for (const threshold of clock.crossedThresholds) {
            const claimed = await this.deps.store.claimSlaWarning({
              incidentId: incident.id,
              slaId: sla.id,
              clock: kind,
              threshold,
              sentAt: toIso(now),
            });
            if (!claimed) continue;
            warnings += 1;
            const breached = threshold >= 1;
            const text = breached
              ? `${kind} target of ${sla.key} breached`
              : `${Math.round(threshold * 100)} % of the ${kind} target of ${
                  sla.key
                } used`;
            await this.deps.store.transaction(tx =>
              tx.appendHistory(incident.id, [
                {
                  at: toIso(now),
                  actor: SYSTEM_ACTOR,
                  action: breached ? 'sla-breached' : 'sla-warning',
                  field: `${sla.key}.${kind}`,
                  from: null,
                  to: threshold,
                },
              ]),
            );
            const recipients = [incident.assignedGroup ?? incident.createdBy];
            if (breached && kind === 'resolution')
              recipients.push(String(sla.data.serviceOwnerGroup));
            await this.deps.notifier.notify({
              recipients,
              title: `${incident.key}: ${text}`,
              description: incident.title,
              link: `/itsm/incidents/${incident.key}`,
            });
            const outage = incident.data.outage as Outage | null | undefined;
            if (
              breached &&
              kind === 'resolution' &&
              outage?.kind === 'down' &&
              !outage.end
            ) {
              if (
                await this.escalate(
                  incident.id,
                  String(sla.data.serviceOwnerGroup),
                  sla.key,
                  now,
                )
              ) {
                escalations += 1;
              }
            }
          }
        }
      }
      cursor = page.nextCursor;
    } while (cursor);
    return { warnings, escalations };
  }

  /** Marks an outage incident escalated to the service owner (once). */
  private async escalate(
    incidentId: string,
    owner: string,
    slaKey: string,
    now: number,
  ) {
    return this.deps.store.transaction(async tx => {
      const incident = await tx.getRecordForUpdate('incidents', incidentId);
      if (!incident || incident.data.escalated) return false;
      await tx.updateRecord(incident.id, incident.version, {
        data: { ...incident.data, escalated: true, escalatedTo: owner },
        updatedBy: SYSTEM_ACTOR,
        now: toIso(now),
      });
      await tx.appendHistory(incident.id, [
        {
          at: toIso(now),
          actor: SYSTEM_ACTOR,
          action: 'escalated',
          field: 'escalated',
          from: false,
          to: {
            serviceOwner: owner,
            because: `outage beyond the resolution target of ${slaKey}`,
          },
        },
      ]);
      return true;
    });
  }
}
