import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { Entity, RELATION_HAS_PART } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import {
  APPROVED_CHANGE_STATES,
  AvailabilityBucketSize,
  availabilitySeries,
  changeWindowOf,
  computeAvailability,
  intersectIntervals,
  Interval,
  isAbandonedState,
  Outage,
  outagePeriodFromRecord,
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
import { listAll } from '../store/listAll';
import { parseInstant } from '../engine/recordUtils';
import { Caller } from '../engine/types';
import { ListAccess } from '../permissions/RecordAuthorizer';
import { nowOf, readAccess, SlaDeps } from './context';
import { round } from './terms';

/** The incidents whose outages count: all but the abandoned (cancelled) ones. */
const COUNTED_INCIDENT_STATES = STATE_MACHINES.incidents.states.filter(
  s => !isAbandonedState('incidents', s),
);

/** Annotation marking a part whose outage alone does not take its system down. */
export const REDUNDANT_ANNOTATION = 'itsm.backstage.io/redundant';

/**
 * Availability of an entity over a period: downtime from the outages of its
 * incidents inside service hours, less the approved windows of its changes;
 * a system or domain rolls up from its parts.
 */
export class AvailabilityService {
  constructor(
    private readonly deps: Pick<
      SlaDeps,
      'store' | 'calendars' | 'impact' | 'authorizer' | 'clock'
    >,
  ) {}

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
    const entity = known ?? (await this.entityOf(entityRef, credentials));
    const kind = entity?.kind.toLocaleLowerCase('en-US');
    const parts =
      entity && (kind === 'system' || kind === 'domain')
        ? await this.partsOf(entity.relations ?? [], kind, credentials)
        : [];
    const own = await this.measure(entityRef, calendar, from, to, access);
    if (parts.length === 0)
      return { ...own, causes: undefined, parts: undefined };
    const measured = [];
    for (const p of parts) {
      const m = await this.measure(p.entityRef, calendar, from, to, access);
      measured.push({ ...p, ...m });
    }
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

  /** Outages (from incidents) and approved maintenance (from changes) of one entity. */
  async measure(
    entityRef: string,
    calendar: ServiceCalendar,
    from: number,
    to: number,
    access: ListAccess,
  ) {
    const filter = access.result === 'filtered' ? access.filter : undefined;
    // Only the records whose outage or window overlaps the period, selected
    // in SQL on their interval facts (every one of them, no cap).
    const overlapping = async (
      type: 'incidents' | 'changes',
      name: 'outage' | 'window',
      states: readonly string[],
    ) =>
      access.result === 'none'
        ? []
        : listAll(this.deps.store, {
            type,
            entityRefs: [entityRef],
            states: [...states],
            overlaps: {
              name,
              from: new Date(from).toISOString(),
              to: new Date(to).toISOString(),
            },
            permissionFilter: filter,
          });
    // An outage still open lasts until now, not until the end of the period.
    const now = nowOf(this.deps);
    const outages: OutagePeriod[] = (
      await overlapping('incidents', 'outage', COUNTED_INCIDENT_STATES)
    )
      .filter(i => i.data.outage)
      .map(i => outagePeriodFromRecord(i.data.outage as Outage, i.key))
      .map(o => (o.end === null ? { ...o, end: Math.max(o.start, now) } : o));
    const maintenance: Interval[] = (
      await overlapping('changes', 'window', APPROVED_CHANGE_STATES)
    ).flatMap(c => {
      const window = changeWindowOf(c.data);
      return window ? [window] : [];
    });
    const result = computeAvailability({
      calendar,
      from,
      to,
      outages,
      maintenance,
    });
    return { result, outages, maintenance };
  }

  /**
   * The entities with the parts of the Systems and Domains among them: what
   * an SLA on them covers.
   */
  async coveredRefs(
    entityRefs: string[],
    credentials: BackstageCredentials,
  ): Promise<string[]> {
    const result = new Set(entityRefs);
    for (const ref of entityRefs) {
      if (!ref.startsWith('system:') && !ref.startsWith('domain:')) continue;
      const entity = await this.entityOf(ref, credentials);
      if (!entity) continue;
      const kind = entity.kind.toLocaleLowerCase('en-US');
      for (const p of await this.partsOf(
        entity.relations ?? [],
        kind,
        credentials,
      )) {
        result.add(p.entityRef);
      }
    }
    return [...result];
  }

  /** The entity, or undefined when the catalog no longer has it. */
  private async entityOf(
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<Entity | undefined> {
    try {
      const described = await this.deps.impact.describe(
        [entityRef],
        credentials,
      );
      return [...described.values()][0]?.entity;
    } catch (error) {
      if (error instanceof InputError) return undefined;
      throw error;
    }
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
}
