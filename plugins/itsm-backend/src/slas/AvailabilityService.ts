import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { RELATION_HAS_PART } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import {
  APPROVED_CHANGE_STATES,
  AvailabilityBucketSize,
  availabilitySeries,
  changeWindowOf,
  computeAvailability,
  Interval,
  isAbandonedState,
  Outage,
  outagePeriodFromRecord,
  OutagePeriod,
  rollUpAvailability,
  ServiceCalendar,
  slaCalendarName,
  SlaTargets,
  toIso,
} from '@backstage-itsm/plugin-itsm-common';
import { activeSlasCovering } from '../cmdb/slaCoverage';
import { parseInstant } from '../engine/recordUtils';
import { Caller } from '../engine/types';
import { ListAccess } from '../permissions/RecordAuthorizer';
import { StoredRecord } from '../store/types';
import { nowOf, readAccess, SlaDeps } from './context';
import { round } from './terms';

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
        const slaCalendar = this.deps.calendars.get(slaCalendarName(sla.data));
        const measured = computeAvailability({
          calendar: slaCalendar,
          from,
          to: measuredTo,
          outages: own.outages,
          maintenance: own.maintenance,
        });
        const target = (sla.data.targets as SlaTargets).availabilityPercent;
        return {
          key: sla.key,
          title: sla.title,
          calendar: slaCalendarName(sla.data),
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
  async measure(
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
    const now = nowOf(this.deps);
    const outages: OutagePeriod[] = (await all('incidents'))
      .filter(i => i.data.outage && !isAbandonedState('incidents', i.state))
      .map(i => outagePeriodFromRecord(i.data.outage as Outage, i.key))
      .map(o => (o.end === null ? { ...o, end: Math.max(o.start, now) } : o));
    const maintenance: Interval[] = (await all('changes')).flatMap(c => {
      const window = APPROVED_CHANGE_STATES.includes(c.state)
        ? changeWindowOf(c.data)
        : undefined;
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
