import {
  INCIDENT_OPEN_STATES,
  Outage,
  SlaClockKind,
  toIso,
} from '@backstage-itsm/plugin-itsm-common';
import { SYSTEM_ACTOR } from '../engine/types';
import { OutageEscalation, StoredRecord } from '../store/types';
import { nowOf, SlaDeps } from './context';
import { IncidentClock, SlaClocks } from './SlaClocks';

/**
 * How long the instance that escalated an outage has to deliver its
 * notification before another sweep delivers it instead.
 */
const REDELIVER_AFTER_MS = 60_000;

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
   * service owner. Every outage beyond a resolution target escalates the
   * incident to the service owner once (see {@link SlaSweep.escalateOutage}).
   */
  async sweep(): Promise<{ warnings: number; escalations: number }> {
    const now = nowOf(this.deps);
    await this.redeliver(now);
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
        const clocks = await this.clocks.clocksOf(incident, now);
        for (const { sla, kind, clock } of clocks) {
          for (const threshold of clock.crossedThresholds) {
            if (await this.warn(incident, sla, kind, threshold, now)) {
              warnings += 1;
            }
          }
        }
        if (await this.escalateOutage(incident, clocks, now)) escalations += 1;
      }
      cursor = page.nextCursor;
    } while (cursor);
    return { warnings, escalations };
  }

  /** Claims, records and sends one warning; false when it was sent before. */
  private async warn(
    incident: StoredRecord,
    sla: StoredRecord,
    kind: SlaClockKind,
    threshold: number,
    now: number,
  ): Promise<boolean> {
    const breached = threshold >= 1;
    // The claim and the history entry commit together.
    const recorded = await this.deps.store.transaction(async tx => {
      const claimed = await tx.claimSlaWarning({
        incidentId: incident.id,
        slaId: sla.id,
        clock: kind,
        threshold,
        sentAt: toIso(now),
      });
      if (!claimed) return false;
      await tx.appendHistory(incident.id, [
        {
          at: toIso(now),
          actor: SYSTEM_ACTOR,
          action: breached ? 'sla-breached' : 'sla-warning',
          field: `${sla.key}.${kind}`,
          from: null,
          to: threshold,
        },
      ]);
      return true;
    });
    if (!recorded) return false;
    const text = breached
      ? `${kind} target of ${sla.key} breached`
      : `${Math.round(threshold * 100)} % of the ${kind} target of ${
          sla.key
        } used`;
    const recipients = [incident.assignedGroup ?? incident.createdBy];
    if (breached && kind === 'resolution')
      recipients.push(String(sla.data.serviceOwnerGroup));
    await this.deps.notifier.notify({
      recipients,
      title: `${incident.key}: ${text}`,
      description: incident.title,
      link: `/itsm/incidents/${incident.key}`,
    });
    return true;
  }

  /**
   * Escalates the incident's outage to the service owner when it is beyond
   * the resolution target of an SLA: a `down` outage, or a `degraded` one
   * under an SLA that says so (`escalateDegraded`), still open when the
   * target was breached. Once per outage (incident and outage start),
   * whenever the outage was recorded, whichever instance sweeps: the claim,
   * the `escalated` marker, the history entry and the notification to send
   * commit in one transaction; the notification is delivered after commit.
   */
  private async escalateOutage(
    incident: StoredRecord,
    clocks: IncidentClock[],
    now: number,
  ): Promise<boolean> {
    const outage = incident.data.outage as Outage | null | undefined;
    if (!outage) return false;
    const end = outage.end ? Date.parse(outage.end) : null;
    const due = clocks
      .filter(
        c =>
          c.kind === 'resolution' &&
          c.clock.state === 'breached' &&
          c.clock.breachAt !== null &&
          (outage.kind === 'down' ||
            (outage.kind === 'degraded' && c.version.escalateDegraded)) &&
          (end === null || end > c.clock.breachAt),
      )
      .sort((a, b) => a.clock.breachAt! - b.clock.breachAt!);
    if (due.length === 0) return false;
    const { sla } = due[0];
    const escalation = await this.deps.store.transaction(async tx => {
      const current = await tx.getRecordForUpdate('incidents', incident.id);
      const recorded = current?.data.outage as Outage | null | undefined;
      if (
        !current ||
        !recorded ||
        Date.parse(recorded.start) !== Date.parse(outage.start)
      ) {
        return undefined;
      }
      const owner = String(sla.data.serviceOwnerGroup);
      const because = `${outage.kind} outage since ${toIso(
        Date.parse(outage.start),
      )} beyond the resolution target of ${sla.key}`;
      const claim: OutageEscalation = {
        incidentId: current.id,
        outageStart: toIso(Date.parse(outage.start)),
        slaId: sla.id,
        serviceOwner: owner,
        escalatedAt: toIso(now),
        notification: {
          recipients: [owner],
          title: `${current.key}: escalated to the service owner`,
          description: `${current.title}: ${because}`,
          link: `/itsm/incidents/${current.key}`,
        },
      };
      if (!(await tx.claimOutageEscalation(claim))) return undefined;
      await tx.updateRecord(current.id, current.version, {
        data: { ...current.data, escalated: true, escalatedTo: owner },
        updatedBy: SYSTEM_ACTOR,
        now: toIso(now),
      });
      await tx.appendHistory(current.id, [
        {
          at: toIso(now),
          actor: SYSTEM_ACTOR,
          action: 'escalated',
          field: 'escalated',
          from: current.data.escalated === true,
          to: {
            serviceOwner: owner,
            because,
            outage: { kind: outage.kind, start: claim.outageStart },
          },
        },
      ]);
      return claim;
    });
    if (!escalation) return false;
    await this.deps.notifier.notify(escalation.notification);
    await this.deps.store.markEscalationDelivered(
      escalation.incidentId,
      escalation.outageStart,
      toIso(nowOf(this.deps)),
    );
    return true;
  }

  /**
   * Delivers the notifications of escalations recorded by an instance that
   * stopped before delivering them (marked first, so one instance sends each).
   */
  private async redeliver(now: number) {
    const pending = await this.deps.store.undeliveredEscalations(
      toIso(now - REDELIVER_AFTER_MS),
    );
    for (const e of pending) {
      if (
        await this.deps.store.markEscalationDelivered(
          e.incidentId,
          e.outageStart,
          toIso(now),
        )
      ) {
        await this.deps.notifier.notify(e.notification);
      }
    }
  }
}
