import { InputError } from '@backstage/errors';
import {
  availabilityTargetStatus,
  DEFAULT_DANGER_THRESHOLD,
  isAbandonedState,
  SlaTargets,
  SlaTermPeriod,
  slaVersionAt,
  slaVersions,
  toIso,
} from '@backstage-itsm/plugin-itsm-common';
import { readableRecord } from '../engine/recordUtils';
import { Caller } from '../engine/types';
import { StoredRecord } from '../store/types';
import { AvailabilityService } from './AvailabilityService';
import { nowOf, readAccess, SlaDeps } from './context';
import { SlaClocks } from './SlaClocks';
import { round, termParameter } from './terms';

/** The report of an SLA for one term (`GET /slas/:key/report`). */
export type SlaReport = Awaited<ReturnType<SlaReports['evaluate']>>['report'];

/**
 * Term reports: actual against target for every SLT of an SLA, per entity,
 * with the violations and the incidents that caused them.
 */
export class SlaReports {
  constructor(
    private readonly deps: Pick<
      SlaDeps,
      'store' | 'calendars' | 'authorizer' | 'clock' | 'dangerThreshold'
    >,
    private readonly availability: AvailabilityService,
    private readonly clocks: SlaClocks,
  ) {}

  /** `GET /slas/:key/report?term=2026-10|2026-Q4`. */
  async report(idOrKey: string, term: string | undefined, caller: Caller) {
    const sla = await readableRecord(this.deps, 'slas', idOrKey, caller);
    const period = termParameter(term);
    // A term that has not begun has nothing to report: every target would
    // read as met.
    if (period.from > nowOf(this.deps)) {
      throw new InputError(
        `term: ${term} has not begun yet; a report covers a term that has begun`,
      );
    }
    return (await this.evaluate(sla, period, caller)).report;
  }

  /**
   * The report of an SLA for one term, with the figures of the caller's
   * view, and the entities whose availability target is violated or in
   * danger (itsm.sla.dangerThreshold of the downtime budget used).
   *
   * Term figures (availability, outages) use the version of the SLA in force
   * when the term began; each incident's clocks the version in force when it
   * was registered (SlaClocks.clocksUnder). See docs/sla.md, "Versions".
   */
  async evaluate(sla: StoredRecord, term: SlaTermPeriod, caller: Caller) {
    const versions = slaVersions<SlaTargets>(sla);
    const inForce = slaVersionAt(versions, term.from);
    const termVersions = versions.filter(
      v =>
        (v.validFrom === null || Date.parse(v.validFrom) < term.to) &&
        (v.validTo === null || Date.parse(v.validTo) > term.from),
    );
    const targets = inForce.targets;
    const calendarName = inForce.calendar;
    const endangered: string[] = [];
    const calendar = this.deps.calendars.get(calendarName);
    const now = nowOf(this.deps);
    const access = await readAccess(this.deps, caller);
    const entities = [];
    const violations: Array<{
      target: string;
      entityRef?: string;
      expected: number;
      actual: number;
      incidents: string[];
    }> = [];
    let totalOutages = 0;
    const outageIncidents = new Set<string>();
    // A System's figure includes its parts: every entity and part at once.
    const measured = await this.availability.measureServices(
      inForce.entityRefs,
      calendar,
      term.from,
      term.to,
      access,
      caller.credentials,
    );
    for (const entityRef of inForce.entityRefs) {
      const { result } = measured.get(entityRef)!;
      totalOutages += result.outages;
      result.incidentKeys.forEach(k => outageIncidents.add(k));
      const met = result.availability >= targets.availabilityPercent;
      // Judged on the unrounded figures.
      const status = availabilityTargetStatus(
        result,
        targets.availabilityPercent,
        this.deps.dangerThreshold ?? DEFAULT_DANGER_THRESHOLD,
      );
      if (status !== 'met') endangered.push(entityRef);
      entities.push({
        entityRef,
        availability: round(result.availability),
        target: targets.availabilityPercent,
        met,
        downtimeMinutes: round(result.downtimeMinutes),
        outages: result.outages,
        mttrMinutes: round(result.mttrMinutes),
        incidents: result.incidentKeys,
      });
      if (!met) {
        violations.push({
          target: 'availability',
          entityRef,
          expected: targets.availabilityPercent,
          actual: round(result.availability)!,
          incidents: result.incidentKeys,
        });
      }
    }
    if (targets.maxOutages !== undefined && totalOutages > targets.maxOutages) {
      violations.push({
        target: 'maxOutages',
        expected: targets.maxOutages,
        actual: totalOutages,
        incidents: [...outageIncidents].sort(),
      });
    }
    // Response and resolution of the incidents registered in the term, on
    // the entities of any version in force in it or on their parts.
    const covered = await this.availability.coveredRefs(
      [...new Set(termVersions.flatMap(v => v.entityRefs))],
      caller.credentials,
    );
    const items =
      access.result === 'none'
        ? []
        : await this.deps.store.recordsCreatedOnEntities({
            type: 'incidents',
            entityRefs: covered,
            // Registered in the term, selected in SQL (no cap), newest first.
            createdSince: new Date(term.from).toISOString(),
            createdBefore: new Date(term.to).toISOString(),
            permissionFilter:
              access.result === 'filtered' ? access.filter : undefined,
          });
    const inTerm: StoredRecord[] = [];
    const clockCount = { all: 0, met: 0, breached: 0, running: 0 };
    // Each clock as it stands now: one still running at the end of the term
    // is decided when it stops, also after the term.
    const counted = items.flatMap(incident => {
      const at = Date.parse(incident.createdAt);
      return at < term.from ||
        at >= term.to ||
        isAbandonedState('incidents', incident.state)
        ? []
        : [{ incident, now }];
    });
    // Counted when the version in force at its registration covered it; the
    // state changes of all of them in one query.
    const clocksOfEach = await this.clocks.clocksUnderEach(counted, [sla]);
    for (const [i, { incident }] of counted.entries()) {
      const clocks = clocksOfEach[i];
      if (clocks.length > 0) inTerm.push(incident);
      for (const { kind, clock } of clocks) {
        clockCount.all += 1;
        if (clock.state === 'breached') {
          clockCount.breached += 1;
          violations.push({
            target: `${kind} ${incident.priority}`,
            expected: clock.targetMinutes,
            actual: round(clock.elapsedMinutes)!,
            incidents: [incident.key],
          });
        } else if (clock.state === 'met') {
          clockCount.met += 1;
        } else {
          // ok, warning or paused: not decided yet, so not counted as met.
          clockCount.running += 1;
        }
      }
    }
    const report = {
      sla: {
        key: sla.key,
        title: sla.title,
        customerGroup: inForce.customerGroup,
        serviceOwnerGroup: inForce.serviceOwnerGroup,
        calendar: calendarName,
      },
      term: { label: term.label, from: toIso(term.from), to: toIso(term.to) },
      targets,
      entities,
      outages: { actual: totalOutages, max: targets.maxOutages ?? null },
      incidents: {
        registered: inTerm.length,
        clocks: clockCount.all,
        met: clockCount.met,
        breached: clockCount.breached,
        running: clockCount.running,
        compliancePercent:
          clockCount.met + clockCount.breached
            ? round(
                (clockCount.met / (clockCount.met + clockCount.breached)) * 100,
              )
            : null,
      },
      violations,
    };
    return { report, endangered };
  }
}
