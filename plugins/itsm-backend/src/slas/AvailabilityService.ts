import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import {
  APPROVED_CHANGE_STATES,
  AvailabilityBucketSize,
  availabilitySeries,
  computeAvailability,
  intersectIntervals,
  Interval,
  isAbandonedState,
  OutagePeriod,
  rollUpAvailability,
  ServiceCalendar,
  SlaTargets,
  slaVersionAt,
  slaVersions,
  STATE_MACHINES,
  toIso,
} from '@backstage-itsm/plugin-itsm-common';
import { activeSlasCovering } from '../cmdb/slaCoverage';
import { REDUNDANT_ANNOTATION, SystemParts } from '../cmdb/systemParts';
import { parseInstant } from '../engine/recordUtils';
import { Caller } from '../engine/types';
import { ListAccess } from '../permissions/RecordAuthorizer';
import { nowOf, readAccess, SlaDeps } from './context';
import { round } from './terms';

/** The incidents whose outages count: all but the abandoned (cancelled) ones. */
const COUNTED_INCIDENT_STATES = STATE_MACHINES.incidents.states.filter(
  s => !isAbandonedState('incidents', s),
);

/** The outages and approved change windows of one entity over a period. */
interface EntityIntervals {
  outages: OutagePeriod[];
  maintenance: Interval[];
}

const NO_INTERVALS: EntityIntervals = { outages: [], maintenance: [] };

export { REDUNDANT_ANNOTATION };

/**
 * Availability of an entity over a period: downtime from the outages of its
 * incidents inside service hours, less the approved windows of its changes;
 * a system or domain rolls up from its parts.
 */
export class AvailabilityService {
  private readonly parts: SystemParts;

  constructor(
    private readonly deps: Pick<
      SlaDeps,
      'store' | 'calendars' | 'impact' | 'authorizer' | 'clock'
    >,
  ) {
    this.parts = new SystemParts(deps.impact);
  }

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
    const measuredTo = Math.max(from, Math.min(to, nowOf(this.deps)));
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
    const access = await readAccess(this.deps, caller);
    const described = await this.deps.impact.describe(
      [params.entityRef],
      caller.credentials,
    );
    const [entityRef, { entity, calendar: calendarName }] = [
      ...described.entries(),
    ][0];
    const calendar = this.deps.calendars.get(calendarName);
    const figures = await this.measureService(
      entityRef,
      calendar,
      from,
      measuredTo,
      access,
      caller.credentials,
      entity,
    );
    const partViews = figures.parts?.map(p => ({
      entityRef: p.entityRef,
      redundant: p.redundant,
      availability: round(p.result.availability),
      downtimeMinutes: round(p.result.downtimeMinutes),
    }));
    const series = availabilitySeries({
      calendar,
      from,
      to: measuredTo,
      outages: figures.outages,
      maintenance: figures.maintenance,
      bucket: granularity,
    });
    const slas = await activeSlasCovering(this.deps.store, [entityRef]);
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
        // The version in force at the start of the period (as a term report).
        const version = slaVersionAt(slaVersions<SlaTargets>(sla), from);
        const measured = computeAvailability({
          calendar: this.deps.calendars.get(version.calendar),
          from,
          to: measuredTo,
          outages: figures.outages,
          maintenance: figures.maintenance,
        });
        const target = version.targets.availabilityPercent;
        return {
          key: sla.key,
          title: sla.title,
          calendar: version.calendar,
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

  /**
   * Availability of an entity as its SLAs count it: its own outages, and for
   * a System or Domain those of its parts too (a part's outage is the
   * system's unless the part is redundant: then only the time all redundant
   * parts are down together counts). `incidentKeys` lists the incidents
   * whose down outages overlap the downtime counted.
   */
  async measureService(
    entityRef: string,
    calendar: ServiceCalendar,
    from: number,
    to: number,
    access: ListAccess,
    credentials: BackstageCredentials,
    known?: Entity,
  ) {
    const measured = await this.measureServices(
      [entityRef],
      calendar,
      from,
      to,
      access,
      credentials,
      known ? new Map([[entityRef, known]]) : undefined,
    );
    return measured.get(entityRef)!;
  }

  /**
   * {@link AvailabilityService.measureService} of several entities, from one
   * read of the outages and windows of all of them and all their parts (two
   * store queries, whatever the number of entities and parts).
   */
  async measureServices(
    entityRefs: string[],
    calendar: ServiceCalendar,
    from: number,
    to: number,
    access: ListAccess,
    credentials: BackstageCredentials,
    known?: Map<string, Entity>,
  ) {
    const partsByRef = new Map<
      string,
      Array<{ entityRef: string; redundant: boolean }>
    >();
    for (const entityRef of new Set(entityRefs)) {
      const entity =
        known?.get(entityRef) ??
        (await this.parts.entityOf(entityRef, credentials));
      const kind = entity?.kind.toLocaleLowerCase('en-US');
      partsByRef.set(
        entityRef,
        entity && (kind === 'system' || kind === 'domain')
          ? await this.parts.partsOf(entity.relations ?? [], kind, credentials)
          : [],
      );
    }
    const intervals = await this.intervalsOf(
      [
        ...partsByRef.keys(),
        ...[...partsByRef.values()].flatMap(parts =>
          parts.map(p => p.entityRef),
        ),
      ],
      from,
      to,
      access,
    );
    const result = new Map<string, ReturnType<AvailabilityService['rollUp']>>();
    for (const [entityRef, parts] of partsByRef) {
      result.set(
        entityRef,
        this.rollUp(entityRef, parts, intervals, calendar, from, to),
      );
    }
    return result;
  }

  /** The figures of an entity and its parts from their outages and windows; no query. */
  private rollUp(
    entityRef: string,
    parts: Array<{ entityRef: string; redundant: boolean }>,
    intervals: Map<string, EntityIntervals>,
    calendar: ServiceCalendar,
    from: number,
    to: number,
  ) {
    const measure = (ref: string) => {
      const { outages, maintenance } = intervals.get(ref) ?? NO_INTERVALS;
      const result = computeAvailability({
        calendar,
        from,
        to,
        outages,
        maintenance,
      });
      return { result, outages, maintenance };
    };
    const own = measure(entityRef);
    if (parts.length === 0)
      return { ...own, causes: undefined, parts: undefined };
    const measured = parts.map(p => ({ ...p, ...measure(p.entityRef) }));
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
          downIntervals: p.result.downIntervals,
        })),
      ],
      { calendar, from, to, maintenance: own.maintenance },
    );
    const incidentKeys = new Set<string>();
    for (const o of [...own.outages, ...measured.flatMap(p => p.outages)]) {
      if (
        o.kind === 'down' &&
        o.incidentKey &&
        intersectIntervals(
          [{ start: o.start, end: o.end ?? to }],
          rolled.availability.downIntervals,
        ).length > 0
      ) {
        incidentKeys.add(o.incidentKey);
      }
    }
    return {
      result: {
        ...rolled.availability,
        incidentKeys: [...incidentKeys].sort(),
      },
      outages: rolled.downIntervals.map(i => ({
        kind: 'down' as const,
        start: i.start,
        end: i.end,
      })) as OutagePeriod[],
      maintenance: own.maintenance,
      causes: rolled.causes as string[] | undefined,
      parts: measured as typeof measured | undefined,
    };
  }

  /**
   * Outages (from incidents) and approved maintenance (from changes) of each
   * entity over the period: those whose outage or window overlaps it,
   * selected in SQL on their interval facts (every one, no cap), in two
   * queries for all the entities.
   */
  private async intervalsOf(
    entityRefs: string[],
    from: number,
    to: number,
    access: ListAccess,
  ): Promise<Map<string, EntityIntervals>> {
    const refs = [...new Set(entityRefs)];
    const result = new Map<string, EntityIntervals>(
      refs.map(ref => [ref, { outages: [], maintenance: [] }]),
    );
    if (access.result === 'none' || refs.length === 0) return result;
    const period = {
      entityRefs: refs,
      from: new Date(from).toISOString(),
      to: new Date(to).toISOString(),
      permissionFilter:
        access.result === 'filtered' ? access.filter : undefined,
    };
    // Sequential: the store may run on one connection.
    const outages = await this.deps.store.intervalsOnEntities({
      ...period,
      type: 'incidents',
      fact: 'outage',
      states: COUNTED_INCIDENT_STATES,
    });
    const windows = await this.deps.store.intervalsOnEntities({
      ...period,
      type: 'changes',
      fact: 'window',
      states: APPROVED_CHANGE_STATES,
    });
    // An outage still open lasts until now, not until the end of the period.
    const now = nowOf(this.deps);
    // Newest first, as the records are listed.
    for (const o of [...outages].sort((a, b) => b.seq - a.seq)) {
      const start = Date.parse(o.start);
      result.get(o.entityRef)?.outages.push({
        kind: o.value as OutagePeriod['kind'],
        start,
        end: o.end === null ? Math.max(start, now) : Date.parse(o.end),
        incidentKey: o.key,
      });
    }
    for (const w of [...windows].sort((a, b) => b.seq - a.seq)) {
      // A window has both ends (a change without them has none).
      if (w.end === null) continue;
      result.get(w.entityRef)?.maintenance.push({
        start: Date.parse(w.start),
        end: Date.parse(w.end),
      });
    }
    return result;
  }

  /**
   * The entities with the parts of the Systems and Domains among them: what
   * an SLA on them covers.
   */
  coveredRefs(
    entityRefs: string[],
    credentials: BackstageCredentials,
  ): Promise<string[]> {
    return this.parts.withParts(entityRefs, credentials);
  }
}
