import {
  INCIDENT_OPEN_STATES,
  Outage,
  SlaClockKind,
  thresholdsToNotify,
  toIso,
} from '@backstage-itsm/plugin-itsm-common';
import { SYSTEM_ACTOR } from '../engine/types';
import { ItsmNotification } from '../engine/Notifier';
import { OutboxDelivery } from '../engine/outboxDelivery';
import {
  NewHistoryEntry,
  OutageEscalation,
  SlaWarning,
  StoredRecord,
} from '../store/types';
import { nowOf, SlaDeps } from './context';
import { IncidentClock, SlaClocks } from './SlaClocks';

/**
 * How long the instance that escalated an outage has to deliver its
 * notification before another sweep delivers it instead.
 */
const REDELIVER_AFTER_MS = 60_000;

/**
 * Open incidents read, and their clocks computed, at a time. The queries of
 * a page cost about the same for 200 or 500 incidents; 500 made the sweep of
 * 100,000 clocks 8 s -> 6 s at full scale (docs/performance.md).
 */
export const SWEEP_PAGE_SIZE = 500;

/** What a sweep did. */
export interface SweepResult {
  warnings: number;
  escalations: number;
  /** Set when the abort signal stopped the sweep before its last page. */
  aborted?: true;
}

/** A threshold of one clock of an incident, crossed and not claimed yet. */
interface DueWarning {
  incident: StoredRecord;
  sla: StoredRecord;
  kind: SlaClockKind;
  threshold: number;
}

const clockKey = (incidentId: string, slaId: string, kind: string) =>
  `${incidentId} ${slaId} ${kind}`;

/** An outage by incident and start (normalised as the claims store it). */
function outageKey(incidentId: string, outageStart: string): string {
  const start = Date.parse(outageStart);
  return `${incidentId} ${Number.isNaN(start) ? outageStart : toIso(start)}`;
}

/** The message of a warning: to the assignment group, and on a breached resolution target to the service owner too. */
function warningNotification({
  incident,
  sla,
  kind,
  threshold,
}: DueWarning): ItsmNotification {
  const breached = threshold >= 1;
  const text = breached
    ? `${kind} target of ${sla.key} breached`
    : `${Math.round(threshold * 100)} % of the ${kind} target of ${
        sla.key
      } used`;
  const recipients = [incident.assignedGroup ?? incident.createdBy];
  if (breached && kind === 'resolution')
    recipients.push(String(sla.data.serviceOwnerGroup));
  return {
    recipients,
    title: `${incident.key}: ${text}`,
    description: incident.title,
    link: `/itsm/incidents/${incident.key}`,
  };
}

/**
 * The clock an outage escalates on, if any: the earliest breached
 * resolution target under which the outage was still open when breached, a
 * `down` outage, or a `degraded` one under an SLA that says so
 * (`escalateDegraded`).
 */
export function escalationDue(
  outage: Outage,
  clocks: IncidentClock[],
): IncidentClock | undefined {
  const end = outage.end ? Date.parse(outage.end) : null;
  return clocks
    .filter(
      c =>
        c.kind === 'resolution' &&
        c.clock.state === 'breached' &&
        c.clock.breachAt !== null &&
        (outage.kind === 'down' ||
          (outage.kind === 'degraded' && c.version.escalateDegraded)) &&
        (end === null || end > c.clock.breachAt),
    )
    .sort((a, b) => a.clock.breachAt! - b.clock.breachAt!)[0];
}

/**
 * Warnings and escalations: the sweep over the clocks of open incidents
 * that the plugin schedules every minute.
 */
export class SlaSweep {
  constructor(
    private readonly deps: Pick<
      SlaDeps,
      'store' | 'notifier' | 'clock' | 'logger'
    >,
    private readonly clocks: SlaClocks,
  ) {
    this.delivery = new OutboxDelivery({
      outbox: deps.store.outbox,
      notifier: deps.notifier,
      logger: deps.logger,
      clock: deps.clock,
    });
  }

  private readonly delivery: OutboxDelivery;

  /**
   * Sweeps the clocks of every open incident: each threshold crossed for the
   * first time notifies the assignment group (exactly once, whatever the
   * number of instances: the first to record it sends it) and is written to
   * the incident's history; a breached resolution target notifies the
   * service owner. Every outage beyond a resolution target escalates the
   * incident to the service owner once (see {@link SlaSweep.escalateOutage}).
   *
   * Reads the open incidents a page at a time, every page, and each page's
   * SLAs, state changes and claims so far in a fixed number of queries;
   * writes only what was not claimed before. When `signal` is aborted (the
   * scheduler gave up on the run) it stops before the next page: what it
   * claimed is sent, the rest is left to the next sweep.
   */
  async sweep(options: { signal?: AbortSignal } = {}): Promise<SweepResult> {
    const { signal } = options;
    const now = nowOf(this.deps);
    const result: SweepResult = { warnings: 0, escalations: 0 };
    if (signal?.aborted) return this.aborted(result, 0);
    await this.redeliver(now);
    let beforeSeq: number | undefined;
    let pages = 0;
    do {
      if (signal?.aborted) return this.aborted(result, pages);
      const page = await this.deps.store.sweepReads.pageInStates({
        type: 'incidents',
        states: INCIDENT_OPEN_STATES,
        limit: SWEEP_PAGE_SIZE,
        beforeSeq,
      });
      await this.sweepPage(page.items, now, result);
      pages += 1;
      beforeSeq = page.nextBeforeSeq;
    } while (beforeSeq !== undefined);
    return result;
  }

  private aborted(result: SweepResult, pages: number): SweepResult {
    this.deps.logger.warn(
      `SLA sweep aborted after ${pages} page(s) of open incidents, ` +
        `having sent ${result.warnings} warning(s) and ${result.escalations} ` +
        `escalation(s); the next sweep continues`,
    );
    return { ...result, aborted: true };
  }

  /** Warns and escalates on one page of open incidents, adding to `result`. */
  private async sweepPage(
    incidents: StoredRecord[],
    now: number,
    result: SweepResult,
  ): Promise<void> {
    const inputs = await this.clocks.inputsOf(incidents);
    if (inputs.slas.length === 0) return;
    const claims = await this.deps.store.sweepReads.slaClaims(
      incidents.map(i => i.id),
    );
    const notified = new Map<string, number[]>();
    for (const w of claims.warnings) {
      const key = clockKey(w.incidentId, w.slaId, w.clock);
      notified.set(key, [...(notified.get(key) ?? []), w.threshold]);
    }
    const escalated = new Set(
      claims.escalations.map(e => outageKey(e.incidentId, e.outageStart)),
    );
    const due: DueWarning[] = [];
    const escalations: Array<{
      incident: StoredRecord;
      clocks: IncidentClock[];
    }> = [];
    for (const incident of incidents) {
      const outage = incident.data.outage as Outage | null | undefined;
      const clocks = this.clocks.sweepClocks(incident, inputs, now, {
        notified: (slaId, kind) =>
          notified.get(clockKey(incident.id, slaId, kind)) ?? [],
        breach:
          !!outage && !escalated.has(outageKey(incident.id, outage.start)),
      });
      for (const { sla, kind, clock } of clocks) {
        for (const threshold of thresholdsToNotify(
          clock,
          notified.get(clockKey(incident.id, sla.id, kind)) ?? [],
        )) {
          due.push({ incident, sla, kind, threshold });
        }
      }
      if (outage) escalations.push({ incident, clocks });
    }
    result.warnings += await this.warn(due, now);
    for (const { incident, clocks } of escalations) {
      if (await this.escalateOutage(incident, clocks, escalated, now)) {
        result.escalations += 1;
      }
    }
  }

  /**
   * Claims, records and sends the warnings due on a page of incidents;
   * returns how many were recorded (those another sweep claimed first are
   * not). The claims (one statement for the page), their history entries
   * and their notifications (in the outbox) commit together; the
   * notifications are delivered after commit.
   */
  private async warn(due: DueWarning[], now: number): Promise<number> {
    if (due.length === 0) return 0;
    const at = toIso(now);
    const byClaim = new Map<SlaWarning, DueWarning>(
      due.map(d => [
        {
          incidentId: d.incident.id,
          slaId: d.sla.id,
          clock: d.kind,
          threshold: d.threshold,
          sentAt: at,
        },
        d,
      ]),
    );
    const recorded = await this.deps.store.transaction(async tx => {
      const claimed = (await tx.claimSlaWarnings([...byClaim.keys()])).map(
        w => byClaim.get(w)!,
      );
      const entries = new Map<string, NewHistoryEntry[]>();
      for (const { incident, sla, kind, threshold } of claimed) {
        const list = entries.get(incident.id) ?? [];
        list.push({
          at,
          actor: SYSTEM_ACTOR,
          action: threshold >= 1 ? 'sla-breached' : 'sla-warning',
          field: `${sla.key}.${kind}`,
          from: null,
          to: threshold,
        });
        entries.set(incident.id, list);
      }
      for (const [incidentId, list] of entries) {
        await tx.appendHistory(incidentId, list);
      }
      // The messages are decided with the claims, in their transaction.
      const outbox = await tx.outbox.enqueue(
        claimed.map(warningNotification),
        at,
      );
      return { claimed, outbox };
    });
    await this.deliver(recorded.outbox);
    return recorded.claimed.length;
  }

  /**
   * Escalates the incident's outage to the service owner when it is beyond
   * the resolution target of an SLA: a `down` outage, or a `degraded` one
   * under an SLA that says so (`escalateDegraded`), still open when the
   * target was breached. Once per outage (incident and outage start),
   * whenever the outage was recorded, whichever instance sweeps: the claim,
   * the `escalated` marker, the history entry and the notification to send
   * commit in one transaction; the notification is delivered after commit.
   * `escalated` holds the outages claimed before the page was read, which
   * are not tried again.
   */
  private async escalateOutage(
    incident: StoredRecord,
    clocks: IncidentClock[],
    escalated: ReadonlySet<string>,
    now: number,
  ): Promise<boolean> {
    const outage = incident.data.outage as Outage | null | undefined;
    if (!outage) return false;
    const first = escalationDue(outage, clocks);
    if (!first || escalated.has(outageKey(incident.id, outage.start)))
      return false;
    const { sla } = first;
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
        deliveredAt: toIso(now),
        notification: {
          recipients: [owner],
          title: `${current.key}: escalated to the service owner`,
          description: `${current.title}: ${because}`,
          link: `/itsm/incidents/${current.key}`,
        },
      };
      if (!(await tx.claimOutageEscalation(claim))) return undefined;
      // Handed to the outbox with the claim: delivered after commit, and
      // retried by the scheduled delivery when that fails.
      const outbox = await tx.outbox.enqueue([claim.notification], toIso(now));
      await tx.updateRecord(current.id, current.version, {
        // A new escalation asks for a new acknowledgement.
        data: {
          ...current.data,
          escalated: true,
          escalatedTo: owner,
          escalatedAt: toIso(now),
          escalatedOutage: { kind: outage.kind, start: claim.outageStart },
          escalationAcknowledgedBy: null,
          escalationAcknowledgedAt: null,
          escalationAcknowledgementNote: null,
        },
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
      return outbox;
    });
    if (!escalation) return false;
    await this.deliver(escalation);
    return true;
  }

  /** Delivers what a committed page recorded in the outbox (failures are retried by the scheduled delivery). */
  private async deliver(outbox: number[]) {
    await this.delivery.deliverCommitted(outbox);
  }

  /**
   * Delivers the notifications of escalations recorded before the outbox
   * existed by an instance that stopped before delivering them (marked
   * first, so one instance sends each).
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
        await this.deliver(
          await this.deps.store.transaction(tx =>
            tx.outbox.enqueue([e.notification], toIso(now)),
          ),
        );
      }
    }
  }
}
