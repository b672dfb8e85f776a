import {
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { RELATION_HAS_PART } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { randomUUID } from 'node:crypto';
import {
  AvailabilityBucketSize,
  availabilitySeries,
  computeAvailability,
  computeSlaClock,
  DEFAULT_SLA_THRESHOLDS,
  incidentPauses,
  incidentResolutionClockSpan,
  INCIDENT_OPEN_STATES,
  Interval,
  isPriority,
  itsmRecordReadPermission,
  Outage,
  outagePeriodFromRecord,
  OutagePeriod,
  Priority,
  rollUpAvailability,
  ServiceCalendar,
  SlaClock,
  SlaClockKind,
  slaTargetMinutes,
  StateTransition,
  toIso,
} from '@backstage-itsm/plugin-itsm-common';
import { Knex } from 'knex';
import { DateTime } from 'luxon';
import { ItsmStore, StoredRecord } from '../store/types';
import { CalendarRegistry } from './CalendarRegistry';
import { ImpactService } from './ImpactService';
import { Notifier } from './Notifier';
import { ListAccess, RecordAuthorizer } from './RecordAuthorizer';
import { SYSTEM_ACTOR } from './RecordService';
import { Caller } from './records';
import {
  activeSlasCovering,
  parseInstant,
  readableRecord,
} from './recordUtils';

/** Annotation marking a part whose outage alone does not take its system down. */
export const REDUNDANT_ANNOTATION = 'itsm.backstage.io/redundant';

/** Change states whose window is an approved maintenance window. */
const APPROVED_CHANGE_STATES = [
  'scheduled',
  'implementing',
  'verifying',
  'closed',
];

type Targets = {
  availabilityPercent: number;
  responseMinutes: Record<Priority, number>;
  resolutionMinutes: Record<Priority, number>;
  maxOutages?: number;
};

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

const round = (n: number | null) =>
  n === null ? null : Math.round(n * 1000) / 1000;

/**
 * SLA clocks, escalation sweeps, availability figures and term reports.
 * Pure calendar and interval math lives in itsm-common; this service finds
 * the records it applies to.
 */
export class SlaService {
  constructor(
    private readonly deps: {
      store: ItsmStore;
      db: Knex;
      calendars: CalendarRegistry;
      impact: ImpactService;
      notifier: Notifier;
      authorizer: RecordAuthorizer;
      logger: LoggerService;
      thresholds?: readonly number[];
      clock?: () => Date;
    },
  ) {}

  private now(): number {
    return (this.deps.clock?.() ?? new Date()).getTime();
  }

  private get thresholds() {
    return this.deps.thresholds ?? DEFAULT_SLA_THRESHOLDS;
  }

  // ---------------------------------------------------------------------
  // Clocks

  /** The SLA clocks of an incident (`GET /incidents/:key/sla`). */
  async incidentClocks(idOrKey: string, caller: Caller) {
    const incident = await this.readable('incidents', idOrKey, caller);
    const clocks = await this.clocksOf(incident, this.now());
    return {
      incidentKey: incident.key,
      priority: incident.priority,
      clocks: clocks.map(c => c.view),
    };
  }

  private async clocksOf(incident: StoredRecord, now: number) {
    const priority = incident.priority;
    if (!isPriority(priority)) return [];
    const slas = await this.activeSlas(incident.entityRefs);
    if (slas.length === 0) return [];
    const transitions = await this.transitions(incident.id);
    const registered = Date.parse(incident.createdAt);
    const firstMove = transitions.find(t => t.from === 'new');
    const responseSpan = {
      startedAt: registered,
      stoppedAt: firstMove ? firstMove.at : null,
      pauses: incidentPauses(transitions, now),
    };
    const resolutionSpan = incidentResolutionClockSpan(
      registered,
      transitions,
      now,
    );
    const result: Array<{
      sla: StoredRecord;
      kind: SlaClockKind;
      clock: SlaClock;
      view: ClockView;
    }> = [];
    for (const sla of slas) {
      const targets = sla.data.targets as Targets;
      const calendarName = String(sla.data.calendar ?? '24x7');
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
          thresholds: this.thresholds,
        });
        result.push({
          sla,
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

  /**
   * Sweeps the clocks of every open incident: each threshold crossed for the
   * first time notifies the assignment group (exactly once, whatever the
   * number of instances: the first to record it sends it) and is written to
   * the incident's history; a breached resolution target notifies the
   * service owner, and an outage beyond it escalates the incident to the
   * service owner.
   */
  async sweep(): Promise<{ warnings: number; escalations: number }> {
    const now = this.now();
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
        for (const { sla, kind, clock } of await this.clocksOf(incident, now)) {
          for (const threshold of clock.crossedThresholds) {
            if (!(await this.claim(incident.id, sla.id, kind, threshold, now)))
              continue;
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

  /** Records that a warning is sent; false when another sweep already did. */
  private async claim(
    incidentId: string,
    slaId: string,
    clock: string,
    threshold: number,
    now: number,
  ): Promise<boolean> {
    try {
      await this.deps.db('itsm_sla_notifications').insert({
        incident_id: incidentId,
        sla_id: slaId,
        clock,
        threshold: String(threshold),
        sent_at: toIso(now),
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

  // ---------------------------------------------------------------------
  // Availability

  async availability(
    params: {
      entityRef?: string;
      from?: string;
      to?: string;
      granularity?: string;
    },
    caller: Caller,
  ) {
    if (!params.entityRef) throw new InputError('entityRef: is required');
    const from = parseInstant(params.from, 'from');
    const to = parseInstant(params.to, 'to');
    if (to <= from) throw new InputError('to: must be after from');
    if (to - from > 731 * 86_400_000)
      throw new InputError('to: the period may span at most two years');
    // Time that has not happened yet is neither agreed nor lost.
    const measuredTo = Math.max(from, Math.min(to, this.now()));
    const granularity = (params.granularity ?? 'day') as AvailabilityBucketSize;
    if (!['day', 'week', 'month'].includes(granularity)) {
      throw new InputError('granularity: must be day, week or month');
    }
    if (granularity === 'day' && to - from > 400 * 86_400_000) {
      throw new InputError(
        'granularity: use week or month for periods over 400 days',
      );
    }
    // Which incidents and changes the caller may see: asked once per answer.
    const access = await this.listAccess(caller);
    const described = await this.deps.impact.describe(
      [params.entityRef],
      caller.credentials,
    );
    const [entityRef, { entity, calendar: calendarName }] = [
      ...described.entries(),
    ][0];
    const calendar = this.deps.calendars.get(calendarName);

    const kind = entity.kind.toLocaleLowerCase('en-US');
    const parts =
      kind === 'system' || kind === 'domain'
        ? await this.partsOf(entity.relations ?? [], kind, caller.credentials)
        : [];
    const own = await this.measure(
      entityRef,
      calendar,
      from,
      measuredTo,
      access,
    );
    let figures: {
      result: typeof own.result;
      outages: OutagePeriod[];
      maintenance: Interval[];
      causes?: string[];
    };
    let partViews;
    if (parts.length === 0) {
      figures = own;
    } else {
      const measured = await Promise.all(
        parts.map(async p => ({
          ...p,
          m: await this.measure(
            p.entityRef,
            calendar,
            from,
            measuredTo,
            access,
          ),
        })),
      );
      const rolled = rollUpAvailability(
        [
          {
            entityRef,
            redundant: false,
            downIntervals: own.result.downIntervals,
          },
          ...measured.map(p => ({
            entityRef: p.entityRef,
            redundant: p.redundant,
            downIntervals: p.m.result.downIntervals,
          })),
        ],
        { calendar, from, to: measuredTo, maintenance: own.maintenance },
      );
      figures = {
        result: rolled.availability,
        outages: rolled.downIntervals.map(i => ({
          kind: 'down' as const,
          start: i.start,
          end: i.end,
        })),
        maintenance: own.maintenance,
        causes: rolled.causes,
      };
      partViews = measured.map(p => ({
        entityRef: p.entityRef,
        redundant: p.redundant,
        availability: round(p.m.result.availability),
        downtimeMinutes: round(p.m.result.downtimeMinutes),
      }));
    }
    const series = availabilitySeries({
      calendar,
      from,
      to: measuredTo,
      outages: figures.outages,
      maintenance: figures.maintenance,
      bucket: granularity,
    });
    const slas = await this.activeSlas([entityRef]);
    const r = figures.result;
    return {
      entityRef,
      from: toIso(from),
      to: toIso(to),
      calendar: calendarName,
      agreedMinutes: round(r.agreedMinutes),
      downtimeMinutes: round(r.downtimeMinutes),
      degradedMinutes: round(r.degradedMinutes),
      availability: round(r.availability),
      outages: r.outages,
      mttrMinutes: round(r.mttrMinutes),
      mtbfMinutes: round(r.mtbfMinutes),
      mtbsiMinutes: round(r.mtbsiMinutes),
      incidents: r.incidentKeys,
      series: series.map(b => ({
        label: b.label,
        from: toIso(b.from),
        to: toIso(b.to),
        availability: round(b.availability),
        downtimeMinutes: round(b.downtimeMinutes),
        agreedMinutes: round(b.agreedMinutes),
      })),
      slas: slas.map(sla => {
        const slaCalendar = this.deps.calendars.get(
          String(sla.data.calendar ?? '24x7'),
        );
        const measured = computeAvailability({
          calendar: slaCalendar,
          from,
          to: measuredTo,
          outages: own.outages,
          maintenance: own.maintenance,
        });
        const target = (sla.data.targets as Targets).availabilityPercent;
        return {
          key: sla.key,
          title: sla.title,
          calendar: String(sla.data.calendar ?? '24x7'),
          target,
          availability: round(measured.availability),
          agreedMinutes: round(measured.agreedMinutes),
          downtimeMinutes: round(measured.downtimeMinutes),
          met: measured.availability >= target,
        };
      }),
      ...(partViews ? { parts: partViews, causes: figures.causes } : {}),
    };
  }

  /** Outages (from incidents) and approved maintenance (from changes) of one entity. */
  private async measure(
    entityRef: string,
    calendar: ServiceCalendar,
    from: number,
    to: number,
    access: ListAccess,
  ) {
    const filter = access.result === 'filtered' ? access.filter : undefined;
    const all = async (type: 'incidents' | 'changes') => {
      if (access.result === 'none') return [];
      const items: StoredRecord[] = [];
      let cursor: string | undefined;
      do {
        const page = await this.deps.store.listRecords({
          type,
          entityRefs: [entityRef],
          limit: 500,
          cursor,
          permissionFilter: filter,
        });
        items.push(...page.items);
        cursor = page.nextCursor;
      } while (cursor);
      return items;
    };
    // An outage still open lasts until now, not until the end of the period.
    const now = this.now();
    const outages: OutagePeriod[] = (await all('incidents'))
      .filter(i => i.data.outage && i.state !== 'cancelled')
      .map(i => outagePeriodFromRecord(i.data.outage as Outage, i.key))
      .map(o => (o.end === null ? { ...o, end: Math.max(o.start, now) } : o));
    const maintenance: Interval[] = (await all('changes'))
      .filter(
        c =>
          APPROVED_CHANGE_STATES.includes(c.state) &&
          c.data.plannedStart &&
          c.data.plannedEnd,
      )
      .map(c => ({
        start: Date.parse(String(c.data.plannedStart)),
        end: Date.parse(String(c.data.plannedEnd)),
      }));
    const result = computeAvailability({
      calendar,
      from,
      to,
      outages,
      maintenance,
    });
    return { result, outages, maintenance };
  }

  /** The parts a system or domain rolls up from (domains: their systems' parts too). */
  private async partsOf(
    relations: Array<{ type: string; targetRef: string }>,
    kind: string,
    credentials: BackstageCredentials,
  ): Promise<Array<{ entityRef: string; redundant: boolean }>> {
    const direct = relations
      .filter(r => r.type === RELATION_HAS_PART)
      .map(r => r.targetRef.toLocaleLowerCase('en-US'));
    if (direct.length === 0) return [];
    const described = await this.deps.impact.describe(direct, credentials);
    const parts: Array<{ entityRef: string; redundant: boolean }> = [];
    for (const [ref, { entity }] of described) {
      const redundant =
        entity.metadata.annotations?.[REDUNDANT_ANNOTATION] === 'true';
      if (
        kind === 'domain' &&
        entity.kind.toLocaleLowerCase('en-US') === 'system'
      ) {
        parts.push(
          ...(await this.partsOf(
            entity.relations ?? [],
            'system',
            credentials,
          )),
        );
      } else {
        parts.push({ entityRef: ref, redundant });
      }
    }
    return parts;
  }

  // ---------------------------------------------------------------------
  // Reports and term tracking

  /** `GET /slas/:key/report?term=2026-10|2026-Q4`. */
  async report(idOrKey: string, term: string | undefined, caller: Caller) {
    const sla = await this.readable('slas', idOrKey, caller);
    return this.reportOf(sla, parseTerm(term), caller);
  }

  private async reportOf(sla: StoredRecord, term: Term, caller: Caller) {
    const targets = targetsInForce(sla, term.to);
    const calendarName = String(sla.data.calendar ?? '24x7');
    const calendar = this.deps.calendars.get(calendarName);
    const now = this.now();
    const access = await this.listAccess(caller);
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
      const { result } = await this.measure(
        entityRef,
        calendar,
        term.from,
        term.to,
        access,
      );
      totalOutages += result.outages;
      result.incidentKeys.forEach(k => outageIncidents.add(k));
      const met = result.availability >= targets.availabilityPercent;
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
      return at >= term.from && at < term.to && i.state !== 'cancelled';
    });
    let measuredClocks = 0;
    let metClocks = 0;
    for (const incident of inTerm) {
      const evaluatedAt = Math.min(
        now,
        Math.max(term.to, Date.parse(incident.createdAt)),
      );
      for (const { sla: s, kind, clock } of await this.clocksOf(
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
    return {
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
  }

  /**
   * Availability tracking at the end of each term: for every active SLA
   * whose availability or reliability target was violated or is in danger
   * (80 % of the downtime budget used) in the term that just ended, the
   * causing incidents are linked to an open problem that already holds one
   * of them, or to a new problem. Each SLA term is tracked once.
   */
  async trackEndedTerms(caller: Caller): Promise<string[]> {
    const now = this.now();
    const problems: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.deps.store.listRecords({
        type: 'slas',
        states: ['active'],
        limit: 200,
        cursor,
      });
      for (const sla of page.items) {
        const term = previousTerm(String(sla.data.term ?? 'monthly'), now);
        if (((sla.data.trackedTerms as string[]) ?? []).includes(term.label))
          continue;
        if (Date.parse(sla.createdAt) >= term.to) continue;
        const report = await this.reportOf(sla, term, caller);
        const budget = 100 - report.targets.availabilityPercent;
        const endangered = report.entities.filter(
          e => e.availability !== null && e.availability < 100 - budget * 0.2,
        );
        const tooMany = report.violations.some(v => v.target === 'maxOutages');
        const incidents = [
          ...new Set([
            ...endangered.flatMap(e => e.incidents),
            ...(tooMany
              ? report.violations.find(v => v.target === 'maxOutages')!
                  .incidents
              : []),
          ]),
        ].sort();
        const key = await this.recordTermTracking(
          sla.id,
          term.label,
          incidents,
          report,
          caller,
        );
        if (key) problems.push(key);
      }
      cursor = page.nextCursor;
    } while (cursor);
    return problems;
  }

  private async recordTermTracking(
    slaId: string,
    term: string,
    incidents: string[],
    report: Awaited<ReturnType<SlaService['reportOf']>>,
    caller: Caller,
  ): Promise<string | undefined> {
    const at = toIso(this.now());
    return this.deps.store.transaction(async tx => {
      const sla = await tx.getRecordForUpdate('slas', slaId);
      const tracked = (sla?.data.trackedTerms as string[]) ?? [];
      if (!sla || tracked.includes(term)) return undefined;
      let problemKey: string | undefined;
      if (incidents.length) {
        // One connection per transaction: its queries run one after another.
        const incidentRecords: StoredRecord[] = [];
        const linkedIds: string[] = [];
        for (const key of incidents) {
          const record = await tx.getRecordForUpdate('incidents', key);
          if (!record) continue;
          incidentRecords.push(record);
          linkedIds.push(...(await tx.listLinks(record.id)).map(l => l.toId));
        }
        const linked = await tx.getRecordsByIds(linkedIds);
        let problem = linked.find(
          r =>
            r.type === 'problems' && !['resolved', 'closed'].includes(r.state),
        );
        if (!problem) {
          problem = await tx.insertRecord({
            id: randomUUID(),
            type: 'problems',
            title: `Availability of ${sla.key} ${
              report.violations.length ? 'violated' : 'in danger'
            } in ${term}`,
            description: report.entities
              .map(
                e =>
                  `- ${e.entityRef}: ${e.availability} % (target ${e.target} %), ${e.outages} outage(s)`,
              )
              .join('\n'),
            state: 'new',
            priority: null,
            assignedGroup: String(sla.data.serviceOwnerGroup),
            assignee: null,
            entityRefs: sla.entityRefs,
            ownerRefs: sla.ownerRefs,
            data: {
              category: 'availability',
              workaround: '',
              rootCause: '',
              candidateSolutions: [],
              recommendation: '',
              impasseReason: null,
              sendBackCount: 0,
              slaKey: sla.key,
              term,
            },
            createdBy: caller.userRef,
            now: at,
          });
          await tx.appendHistory(problem.id, [
            {
              at,
              actor: caller.userRef,
              action: 'created',
              field: null,
              from: null,
              to: {
                state: 'new',
                reason: `availability tracking of ${sla.key}`,
              },
            },
          ]);
        }
        for (const incident of incidentRecords) {
          await tx.addLink({
            fromId: incident.id,
            toId: problem.id,
            kind: 'incidents:problems',
            createdBy: caller.userRef,
            createdAt: at,
          });
        }
        problemKey = problem.key;
      }
      await tx.updateRecord(sla.id, sla.version, {
        data: { ...sla.data, trackedTerms: [...tracked, term] },
        updatedBy: caller.userRef,
        now: at,
      });
      await tx.appendHistory(sla.id, [
        {
          at,
          actor: caller.userRef,
          action: 'term-tracked',
          field: 'term',
          from: null,
          to: { term, problem: problemKey ?? null, incidents },
        },
      ]);
      return problemKey;
    });
  }

  // ---------------------------------------------------------------------

  private activeSlas(entityRefs: string[]): Promise<StoredRecord[]> {
    return activeSlasCovering(this.deps.store, entityRefs);
  }

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

  private listAccess(caller: Caller): Promise<ListAccess> {
    return this.deps.authorizer.listAccess(
      itsmRecordReadPermission,
      caller.credentials,
    );
  }

  private readable(
    type: 'incidents' | 'slas',
    idOrKey: string,
    caller: Caller,
  ) {
    return readableRecord(this.deps, type, idOrKey, caller);
  }
}

/** An evaluation term, [from, to) in UTC. */
export interface Term {
  label: string;
  from: number;
  to: number;
}

/** Parses `2026-10` (month) or `2026-Q4` (quarter). */
export function parseTerm(term: string | undefined): Term {
  const month = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(term ?? '');
  const quarter = /^(\d{4})-Q([1-4])$/i.exec(term ?? '');
  if (month) {
    const start = DateTime.utc(Number(month[1]), Number(month[2]), 1);
    return {
      label: start.toFormat('yyyy-MM'),
      from: start.toMillis(),
      to: start.plus({ months: 1 }).toMillis(),
    };
  }
  if (quarter) {
    const start = DateTime.utc(
      Number(quarter[1]),
      (Number(quarter[2]) - 1) * 3 + 1,
      1,
    );
    return {
      label: `${quarter[1]}-Q${quarter[2]}`,
      from: start.toMillis(),
      to: start.plus({ months: 3 }).toMillis(),
    };
  }
  throw new InputError(
    `term: "${term ?? ''}" is not a month (2026-10) or a quarter (2026-Q4)`,
  );
}

/** The last complete term before `now`. */
export function previousTerm(kind: string, now: number): Term {
  const current = DateTime.fromMillis(now, { zone: 'utc' });
  if (kind === 'quarterly') {
    const start = current.startOf('quarter').minus({ quarters: 1 });
    return parseTerm(`${start.year}-Q${start.quarter}`);
  }
  return parseTerm(
    current.startOf('month').minus({ months: 1 }).toFormat('yyyy-MM'),
  );
}

/** The targets in force at the end of a term (changing an active SLA's targets makes a new version). */
function targetsInForce(sla: StoredRecord, termEnd: number): Targets {
  const history =
    (sla.data.targetHistory as Array<{
      targets: Targets;
      validFrom: string;
      validTo: string;
    }>) ?? [];
  const at = termEnd - 1;
  const old = history.find(
    h => Date.parse(h.validFrom) <= at && at < Date.parse(h.validTo),
  );
  return old?.targets ?? (sla.data.targets as Targets);
}
