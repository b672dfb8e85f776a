import {
  availabilityTargetStatus,
  DEFAULT_DANGER_THRESHOLD,
  isAbandonedState,
  slaCalendarName,
  SlaTermPeriod,
  toIso,
} from '@backstage-itsm/plugin-itsm-common';
import { readableRecord } from '../engine/recordUtils';
import { Caller } from '../engine/types';
import { StoredRecord } from '../store/types';
import { AvailabilityService } from './AvailabilityService';
import { nowOf, readAccess, SlaDeps } from './context';
import { SlaClocks } from './SlaClocks';
import { round, targetsInForce, termParameter } from './terms';

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
    return (await this.evaluate(sla, termParameter(term), caller)).report;
  }

  /**
   * The report of an SLA for one term, with the figures of the caller's
   * view, and the entities whose availability target is violated or in
   * danger (itsm.sla.dangerThreshold of the downtime budget used).
   */
  async evaluate(sla: StoredRecord, term: SlaTermPeriod, caller: Caller) {
    const targets = targetsInForce(sla, term.to);
    const calendarName = slaCalendarName(sla.data);
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
    for (const entityRef of sla.entityRefs) {
      const { result } = await this.availability.measure(
        entityRef,
        calendar,
        term.from,
        term.to,
        access,
      );
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
    // Response and resolution of the incidents registered in the term.
    const { items } = await this.deps.store.listRecords({
      type: 'incidents',
      entityRefs: sla.entityRefs,
      limit: 500,
    });
    const inTerm = items.filter(i => {
      const at = Date.parse(i.createdAt);
      return (
        at >= term.from &&
        at < term.to &&
        !isAbandonedState('incidents', i.state)
      );
    });
    let measuredClocks = 0;
    let metClocks = 0;
    for (const incident of inTerm) {
      const evaluatedAt = Math.min(
        now,
        Math.max(term.to, Date.parse(incident.createdAt)),
      );
      for (const { sla: s, kind, clock } of await this.clocks.clocksOf(
        incident,
        evaluatedAt,
      )) {
        if (s.id !== sla.id) continue;
        measuredClocks += 1;
        if (clock.state === 'breached') {
          violations.push({
            target: `${kind} ${incident.priority}`,
            expected: clock.targetMinutes,
            actual: round(clock.elapsedMinutes)!,
            incidents: [incident.key],
          });
        } else {
          metClocks += 1;
        }
      }
    }
    const report = {
      sla: {
        key: sla.key,
        title: sla.title,
        customerGroup: sla.data.customerGroup,
        serviceOwnerGroup: sla.data.serviceOwnerGroup,
        calendar: calendarName,
      },
      term: { label: term.label, from: toIso(term.from), to: toIso(term.to) },
      targets,
      entities,
      outages: { actual: totalOutages, max: targets.maxOutages ?? null },
      incidents: {
        registered: inTerm.length,
        clocks: measuredClocks,
        met: metClocks,
        compliancePercent: measuredClocks
          ? round((metClocks / measuredClocks) * 100)
          : null,
      },
      violations,
    };
    return { report, endangered };
  }
}
