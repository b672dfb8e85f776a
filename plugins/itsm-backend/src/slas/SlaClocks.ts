import {
  ACTIVE_SLA_STATES,
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
import { coverageRefsOf, covers } from '../cmdb/slaCoverage';
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
 * What the clocks of a set of incidents are computed from, read in a fixed
 * number of queries however many incidents there are (see
 * {@link SlaClocks.inputsOf}).
 */
export interface ClockInputs {
  /** The active SLAs covering any of the incidents, newest first. */
  slas: StoredRecord[];
  /** The state changes of each incident (by id), oldest first. */
  transitions: Map<string, StateTransition[]>;
}

/** What the sweep wants of an incident's clocks (see {@link SlaClocks.sweepClocks}). */
export interface SweepInterest {
  /** The thresholds of a clock notified so far. */
  notified(slaId: string, kind: SlaClockKind): readonly number[];
  /** Whether a breached resolution target matters (an outage to escalate). */
  breach: boolean;
}

const MINUTE_MS = 60_000;

/**
 * Which clocks to compute: by SLA, kind, target (service minutes) and the
 * wall-clock length of the clock's span in ms (start to stop, or to now).
 */
type ClockFilter = (
  sla: StoredRecord,
  kind: SlaClockKind,
  targetMinutes: number,
  spanMs: number,
) => boolean;

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
    return this.clocksWith(incident, await this.inputsOf([incident]), now);
  }

  /**
   * What the clocks of these incidents need: the active SLAs covering any of
   * them (one query for all their entities and Systems) and their state
   * changes (one query for all of them).
   */
  async inputsOf(incidents: StoredRecord[]): Promise<ClockInputs> {
    const timed = incidents.filter(i => isPriority(i.priority));
    const refs = [...new Set(timed.flatMap(coverageRefsOf))];
    const slas =
      refs.length === 0
        ? []
        : await this.deps.store.sweepReads.recordsOnEntities(
            'slas',
            ACTIVE_SLA_STATES,
            refs,
          );
    return {
      slas,
      transitions:
        slas.length === 0
          ? new Map()
          : await this.transitions(timed.map(i => i.id)),
    };
  }

  /**
   * The clocks of an incident under the SLAs of `inputs` that cover it, at
   * `now` (see {@link SlaClocks.clocksOf}), only those `wanted` accepts when
   * given; no query.
   */
  clocksWith(
    incident: StoredRecord,
    inputs: ClockInputs,
    now: number,
    wanted?: ClockFilter,
  ): IncidentClock[] {
    if (!isPriority(incident.priority)) return [];
    const refs = new Set(coverageRefsOf(incident));
    const slas = inputs.slas.filter(sla =>
      sla.entityRefs.some(ref => refs.has(ref)),
    );
    return this.compute(
      incident,
      slas,
      inputs.transitions.get(incident.id) ?? [],
      now,
      wanted,
    );
  }

  /**
   * The clocks of an incident (as {@link SlaClocks.clocksWith}) that may tell
   * the sweep something at `now`: a threshold crossed and not notified, or a
   * breached resolution target when `interest.breach`. Skipped without being
   * computed: a clock with nothing left to tell, and one whose span (from its
   * start to its stop, or to now while it runs) is too short to have crossed
   * the lowest threshold that matters, since service time never runs faster
   * than the wall clock (a second is spared for rounding). A response clock
   * met early is thus never computed again.
   */
  sweepClocks(
    incident: StoredRecord,
    inputs: ClockInputs,
    now: number,
    interest: SweepInterest,
  ): IncidentClock[] {
    const thresholds = this.deps.thresholds ?? DEFAULT_SLA_THRESHOLDS;
    return this.clocksWith(incident, inputs, now, (sla, kind, target, span) => {
      const notified = interest.notified(sla.id, kind);
      const matter = thresholds.filter(t => !notified.includes(t));
      if (kind === 'resolution' && interest.breach) matter.push(1);
      return (
        matter.length > 0 &&
        span >= Math.min(...matter) * target * MINUTE_MS - 1000
      );
    });
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
    return (await this.clocksUnderEach([{ incident, now }], slas))[0];
  }

  /**
   * {@link SlaClocks.clocksUnder} of each incident at its own `now`, in the
   * order given: one query for the state changes of all of them.
   */
  async clocksUnderEach(
    items: ReadonlyArray<{ incident: StoredRecord; now: number }>,
    slas: StoredRecord[],
  ): Promise<IncidentClock[][]> {
    const covered = items.map(
      ({ incident }) => this.versionsCovering(incident, slas).length > 0,
    );
    const ids = items.filter((_, i) => covered[i]).map(i => i.incident.id);
    const transitions =
      ids.length === 0
        ? new Map<string, StateTransition[]>()
        : await this.transitions(ids);
    return items.map(({ incident, now }, i) =>
      covered[i]
        ? this.compute(incident, slas, transitions.get(incident.id) ?? [], now)
        : [],
    );
  }

  /** The SLAs with the version in force at the incident's registration, where it covers it. */
  private versionsCovering(incident: StoredRecord, slas: StoredRecord[]) {
    if (!isPriority(incident.priority)) return [];
    const registeredAt = Date.parse(incident.createdAt);
    return slas.flatMap(sla => {
      const version = slaVersionAt(slaVersions<SlaTargets>(sla), registeredAt);
      return covers(version.entityRefs, incident) ? [{ sla, version }] : [];
    });
  }

  private compute(
    incident: StoredRecord,
    slas: StoredRecord[],
    transitions: StateTransition[],
    now: number,
    wanted?: ClockFilter,
  ): IncidentClock[] {
    const priority = incident.priority;
    if (!isPriority(priority)) return [];
    const underVersions = this.versionsCovering(incident, slas);
    if (underVersions.length === 0) return [];
    const registeredAt = Date.parse(incident.createdAt);
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
        const spanMs =
          Math.max(span.startedAt, span.stoppedAt ?? now) - span.startedAt;
        if (wanted && !wanted(sla, kind, targetMinutes, spanMs)) continue;
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

  /** The state changes of each record (by id), oldest first; one query. */
  private async transitions(
    recordIds: string[],
  ): Promise<Map<string, StateTransition[]>> {
    const history = await this.deps.store.sweepReads.fieldHistory(
      recordIds,
      'state',
    );
    const result = new Map<string, StateTransition[]>();
    for (const [id, entries] of history) {
      result.set(
        id,
        entries
          .filter(h => typeof h.from === 'string' && typeof h.to === 'string')
          .map(h => ({
            at: Date.parse(h.at),
            from: h.from as string,
            to: h.to as string,
          })),
      );
    }
    return result;
  }
}
