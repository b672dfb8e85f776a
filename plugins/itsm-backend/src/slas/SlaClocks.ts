import {
  computeSlaClock,
  DEFAULT_SLA_THRESHOLDS,
  incidentPauses,
  incidentResolutionClockSpan,
  isPriority,
  SlaClock,
  SlaClockKind,
  SlaTargets,
  slaTargetMinutes,
  SlaVersion,
  slaVersionAt,
  slaVersions,
  StateTransition,
  toIso,
} from '@backstage-itsm/plugin-itsm-common';
import { activeSlasCoveringRecord, covers } from '../cmdb/slaCoverage';
import { readableRecord } from '../engine/recordUtils';
import { Caller } from '../engine/types';
import { StoredRecord } from '../store/types';
import { nowOf, SlaDeps } from './context';
import { round } from './terms';

export interface ClockView {
  slaKey: string;
  slaTitle: string;
  kind: SlaClockKind;
  calendar: string;
  targetMinutes: number;
  elapsedMinutes: number;
  elapsedPercent: number;
  remainingMinutes: number;
  breachAt: string | null;
  state: SlaClock['state'];
  stopped: boolean;
  paused: boolean;
  thresholds: Array<{ threshold: number; crossed: boolean; at: string | null }>;
}

/** One clock of an incident under one SLA. */
export interface IncidentClock {
  sla: StoredRecord;
  /** The version of the SLA the clock runs under: the one in force at registration. */
  version: SlaVersion<SlaTargets>;
  kind: SlaClockKind;
  clock: SlaClock;
  view: ClockView;
}

/**
 * The response and resolution clocks of incidents: they start on
 * registration, pause while pending, stop on response or resolution, and
 * count only the service hours of each active SLA covering the incident.
 */
export class SlaClocks {
  constructor(
    private readonly deps: Pick<
      SlaDeps,
      'store' | 'calendars' | 'authorizer' | 'thresholds' | 'clock'
    >,
  ) {}

  /** The SLA clocks of an incident (`GET /incidents/:key/sla`). */
  async incidentClocks(idOrKey: string, caller: Caller) {
    const incident = await readableRecord(
      this.deps,
      'incidents',
      idOrKey,
      caller,
    );
    const clocks = await this.clocksOf(incident, nowOf(this.deps));
    return {
      incidentKey: incident.key,
      priority: incident.priority,
      clocks: clocks.map(c => c.view),
    };
  }

  /**
   * The clocks every active SLA covering the incident (on its entities or on
   * the Systems they are part of) runs on it, at `now`.
   */
  async clocksOf(
    incident: StoredRecord,
    now: number,
  ): Promise<IncidentClock[]> {
    if (!isPriority(incident.priority)) return [];
    const slas = await activeSlasCoveringRecord(this.deps.store, incident);
    return this.clocksUnder(incident, slas, now);
  }

  /**
   * The clocks of an incident under the given SLAs, at `now`. Each runs
   * under the version of the SLA in force when the incident was registered
   * (its targets and service hours), when that version covered it.
   */
  async clocksUnder(
    incident: StoredRecord,
    slas: StoredRecord[],
    now: number,
  ): Promise<IncidentClock[]> {
    const priority = incident.priority;
    if (!isPriority(priority) || slas.length === 0) return [];
    const registeredAt = Date.parse(incident.createdAt);
    const underVersions = slas.flatMap(sla => {
      const version = slaVersionAt(slaVersions<SlaTargets>(sla), registeredAt);
      return covers(version.entityRefs, incident) ? [{ sla, version }] : [];
    });
    if (underVersions.length === 0) return [];
    const transitions = await this.transitions(incident.id);
    const firstMove = transitions.find(t => t.from === 'new');
    const responseSpan = {
      startedAt: registeredAt,
      stoppedAt: firstMove ? firstMove.at : null,
      pauses: incidentPauses(transitions, now),
    };
    const resolutionSpan = incidentResolutionClockSpan(
      registeredAt,
      transitions,
      now,
    );
    const result: IncidentClock[] = [];
    for (const { sla, version } of underVersions) {
      const targets = version.targets;
      const calendarName = version.calendar;
      const calendar = this.deps.calendars.get(calendarName);
      for (const [kind, span] of [
        ['response', responseSpan],
        ['resolution', resolutionSpan],
      ] as const) {
        const targetMinutes = slaTargetMinutes(targets, priority, kind);
        const clock = computeSlaClock({
          calendar,
          targetMinutes,
          startedAt: span.startedAt,
          stoppedAt: span.stoppedAt,
          pauses: span.pauses,
          now,
          thresholds: this.deps.thresholds ?? DEFAULT_SLA_THRESHOLDS,
        });
        result.push({
          sla,
          version,
          kind,
          clock,
          view: {
            slaKey: sla.key,
            slaTitle: sla.title,
            kind,
            calendar: calendarName,
            targetMinutes,
            elapsedMinutes: round(clock.elapsedMinutes)!,
            elapsedPercent: round(clock.elapsedPercent)!,
            remainingMinutes: round(clock.remainingMinutes)!,
            breachAt: clock.breachAt === null ? null : toIso(clock.breachAt),
            state: clock.state,
            stopped: clock.stopped,
            paused: clock.paused,
            thresholds: clock.thresholds.map(t => ({
              threshold: t.threshold,
              crossed: t.crossed,
              at: t.at === null ? null : toIso(t.at),
            })),
          },
        });
      }
    }
    return result;
  }

  /** The state changes of a record, oldest first. */
  private async transitions(recordId: string): Promise<StateTransition[]> {
    return (await this.deps.store.listHistory(recordId))
      .filter(
        h =>
          h.field === 'state' &&
          typeof h.from === 'string' &&
          typeof h.to === 'string',
      )
      .map(h => ({
        at: Date.parse(h.at),
        from: h.from as string,
        to: h.to as string,
      }));
  }
}
