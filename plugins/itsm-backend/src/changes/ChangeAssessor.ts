import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  ChangeApprover,
  ChangeAssessment,
  changeTypeOf,
  changeWindowOf,
  computeRisk,
  CONFLICTING_CHANGE_STATES,
  RISK_HISTORY_DAYS,
  serviceImpactOf,
  TimeWindow,
} from '@backstage-itsm/plugin-itsm-common';
import {
  ImpactResult,
  ImpactService,
  ServiceHours,
} from '../cmdb/ImpactService';
import { listAll } from '../store/listAll';
import { ItsmStore, StoredRecord } from '../store/types';
import { WindowReads } from '../store/windowQueries';
import { FreezeWindowService } from './FreezeWindowService';

const DAY = 86_400_000;

/**
 * Change assessment from the CMDB: impact, conflicts, freeze windows,
 * incident history, risk and the approvers the change needs.
 */
export class ChangeAssessor {
  constructor(
    private readonly deps: {
      impact: ImpactService;
      store: ItsmStore & WindowReads;
      freezes: FreezeWindowService;
      serviceHours: ServiceHours;
      /** Members a group's approval needs (default 1). */
      quorum?: Record<string, number>;
      /** The representatives customer groups designate (cmdb/RoleResolver). */
      representatives?: (
        groupRefs: string[],
        credentials: BackstageCredentials,
      ) => Promise<Map<string, string[]>>;
      clock?: () => Date;
    },
  ) {}

  async assess(
    change: Pick<
      StoredRecord,
      'id' | 'key' | 'entityRefs' | 'ownerRefs' | 'data'
    >,
    credentials: BackstageCredentials,
  ): Promise<ChangeAssessment> {
    const now = this.deps.clock?.() ?? new Date();
    // Independent reads run together: the walk and the incident history
    // first, then conflicts, freezes and representatives, which need the
    // walk (a hub's assessment waited for each in turn; docs/performance.md).
    const [impact, incidentHistory] = await Promise.all([
      this.deps.impact.analyse(change.entityRefs, credentials),
      this.incidentHistory(change, now),
    ]);
    const window = changeWindowOf(change.data);
    const changeType = changeTypeOf(change.data);
    const serviceImpact = serviceImpactOf(change.data);

    const serviceHoursImpact = window
      ? impact.direct.some(e =>
          this.deps.serviceHours.overlaps(e.calendar, window.start, window.end),
        )
      : true; // unplanned: assume the worst until a window is set
    const customerAffecting =
      (serviceImpact !== 'none' && serviceHoursImpact) ||
      change.data.functionalChange === true;

    const impacted = new Set([
      ...impact.direct.map(e => e.entityRef),
      ...impact.affected.map(e => e.entityRef),
    ]);
    const ancestors = impact.affected
      .filter(e => e.container)
      .map(e => e.entityRef);
    const [conflicts, freezeWindows, approvers] = await Promise.all([
      window ? this.conflicts(change, window, impacted) : [],
      window
        ? this.deps.freezes.covering(
            [...impact.direct.map(e => e.entityRef), ...ancestors],
            new Date(window.start).toISOString(),
            new Date(window.end).toISOString(),
          )
        : [],
      this.withRepresentatives(
        this.approvers({
          changeType,
          customerAffecting,
          impact,
          ownerRefs: change.ownerRefs,
        }),
        new Set(impact.slas.map(s => s.customerGroup)),
        credentials,
      ),
    ]);
    const risk = computeRisk({
      affectedCount: impact.affected.length,
      slaCount: impact.slas.length,
      serviceHoursImpact,
      serviceImpact,
      causedIncidents: incidentHistory.length,
      changeType,
      conflicts: conflicts.length,
      freezeWindows: freezeWindows.length,
    });
    return {
      computedAt: now.toISOString(),
      impact: {
        direct: impact.direct.map(e => e.entityRef),
        affected: impact.affected.map(
          ({ entityRef, depth, path, dependent }) => ({
            entityRef,
            depth,
            path,
            dependent,
          }),
        ),
        owners: impact.owners,
        slas: impact.slas,
        truncated: impact.truncated,
      },
      serviceHoursImpact,
      customerAffecting,
      conflicts,
      freezeWindows: freezeWindows.map(
        ({ id, title, start: s, end: e, scope }) => ({
          id,
          title,
          start: s,
          end: e,
          scope,
        }),
      ),
      incidentHistory,
      risk,
      approvers,
    };
  }

  /** Members a group's approval needs. */
  quorumOf(approverRef: string): number {
    return Math.max(1, this.deps.quorum?.[approverRef] ?? 1);
  }

  /**
   * The approval rule of the model: when the change makes a service
   * unavailable or degraded during its service hours, or changes its
   * functionality, each affected customer approves (the customer groups of
   * active SLAs covering the changed or affected entities, and the owners of
   * dependent entities no SLA covers, as internal customers); otherwise the
   * service owner. A standard change is approved by the service owner (when
   * its template requires approval at all); an emergency change by the
   * service owner, retroactively. A window inside a freeze is not approved
   * but refused (the `outsideFreeze` guard).
   */
  /** Customer approvers that designate representatives name them: only they decide. */
  private async withRepresentatives(
    approvers: ChangeApprover[],
    customers: Set<string>,
    credentials: BackstageCredentials,
  ): Promise<ChangeApprover[]> {
    const groups = approvers
      .map(a => a.approverRef)
      .filter(ref => customers.has(ref));
    if (!this.deps.representatives || groups.length === 0) return approvers;
    const designated = await this.deps.representatives(groups, credentials);
    return approvers.map(a => {
      const representatives = customers.has(a.approverRef)
        ? designated.get(a.approverRef)
        : undefined;
      return representatives?.length ? { ...a, representatives } : a;
    });
  }

  private approvers(facts: {
    changeType: string;
    customerAffecting: boolean;
    impact: ImpactResult;
    ownerRefs: string[];
  }): ChangeApprover[] {
    const result = new Map<string, string>();
    const add = (ref: string, reason: string) => {
      const known = result.get(ref);
      result.set(ref, known ? `${known}; ${reason}` : reason);
    };
    const changed = facts.impact.direct.map(e => e.entityRef).join(', ');
    if (
      facts.changeType === 'emergency' ||
      facts.changeType === 'standard' ||
      !facts.customerAffecting
    ) {
      for (const owner of facts.ownerRefs)
        add(owner, `service owner of ${changed}`);
    } else {
      for (const sla of facts.impact.slas) {
        add(
          sla.customerGroup,
          `customer of ${sla.key} covering ${sla.entityRefs.join(', ')}`,
        );
      }
      const covered = new Set(facts.impact.slas.flatMap(s => s.entityRefs));
      for (const e of [
        ...facts.impact.direct,
        ...facts.impact.affected.filter(a => a.dependent),
      ]) {
        if (covered.has(e.entityRef)) continue;
        for (const owner of e.ownerRefs) {
          add(
            owner,
            facts.impact.direct.includes(e)
              ? `owner of ${e.entityRef}, which no SLA covers (internal customer)`
              : `owner of dependent ${e.entityRef} (internal customer)`,
          );
        }
      }
    }
    return [...result.entries()].map(([approverRef, reason]) => {
      const quorum = this.quorumOf(approverRef);
      return quorum > 1
        ? { approverRef, reason, quorum }
        : { approverRef, reason };
    });
  }

  private async conflicts(
    change: Pick<StoredRecord, 'id' | 'entityRefs'>,
    window: TimeWindow,
    impacted: Set<string>,
  ): Promise<ChangeAssessment['conflicts']> {
    // Every open change whose window overlaps, whatever their number, read
    // from the window facts of the period (no cap, no count), with the
    // entities among this change's own that they affect through
    // dependencies (their `affects` facts: their assessments are not read).
    const mine = [...new Set(change.entityRefs)];
    const items = await this.deps.store.recordsInWindow({
      type: 'changes',
      fact: 'window',
      states: CONFLICTING_CHANGE_STATES,
      from: new Date(window.start).toISOString(),
      to: new Date(window.end).toISOString(),
      facts: [{ name: 'affects', values: mine }],
    });
    const result: ChangeAssessment['conflicts'] = [];
    for (const other of items) {
      if (other.id === change.id) continue;
      const theirImpact = new Set([
        ...other.entityRefs,
        ...other.facts.filter(f => f.name === 'affects').map(f => f.value),
      ]);
      const shared = [
        ...new Set([
          ...other.entityRefs.filter(e => impacted.has(e)),
          ...change.entityRefs.filter(e => theirImpact.has(e)),
        ]),
      ];
      if (shared.length === 0) continue;
      result.push({
        changeKey: other.key,
        title: other.title,
        state: other.state,
        plannedStart: other.interval.start,
        plannedEnd: other.interval.end ?? '',
        entityRefs: shared,
      });
    }
    return result;
  }

  private async incidentHistory(
    change: Pick<StoredRecord, 'key' | 'entityRefs'>,
    now: Date,
  ): Promise<ChangeAssessment['incidentHistory']> {
    if (change.entityRefs.length === 0) return [];
    const since = new Date(
      now.getTime() - RISK_HISTORY_DAYS * DAY,
    ).toISOString();
    // Every incident of the period on the change's entities that names
    // another change as its cause, selected in SQL (no cap).
    const items = await listAll(this.deps.store, {
      type: 'incidents',
      entityRefs: change.entityRefs,
      createdSince: since,
      facts: [{ name: 'causedByChange', except: [change.key.toUpperCase()] }],
    });
    return items.map(i => ({
      key: i.key,
      title: i.title,
      causedByChange: String(i.data.causedByChange),
      createdAt: i.createdAt,
    }));
  }
}
